public enum Podium { public static let version = "0.1.0" }
