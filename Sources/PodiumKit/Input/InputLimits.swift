/// The stated limits of an input file (README "Hostile input"): past them a record is rejected
/// with its own diagnostic, and the reader keeps no more of it in memory.
public enum InputLimits {
    /// Bytes of one field after unquoting (UTF-8): 32,767, so that any accepted text also fits
    /// a spreadsheet cell of payouts.xlsx. Longer: `field-too-long`.
    public static let maxFieldBytes = 32_767
    /// Fields in one record. More: `field-too-long` (column empty).
    public static let maxFields = 512
}
