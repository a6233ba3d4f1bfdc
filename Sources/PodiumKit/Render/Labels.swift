/// Every label the HTML pages show, in the three report locales.
public struct Labels: Sendable {
    public let locale: ReportLocale
    public let strings: [String: String]
    /// The same labels by their place in `table` (see `index`): what compiled templates read.
    let ordered: [String]

    public init(_ locale: ReportLocale) {
        self.locale = locale
        var s: [String: String] = [:]
        var ordered: [String] = []
        for (key, hant, hans, en) in Self.table {
            let text: String
            switch locale {
            case .zhHant: text = hant
            case .zhHans: text = hans
            case .en: text = en
            }
            s[key] = text
            ordered.append(text)
        }
        strings = s
        self.ordered = ordered
    }

    /// A label's place in `table` (the last, if a key were listed twice: as `strings` keeps it).
    static let index: [String: Int] = Dictionary(table.enumerated().map { ($0.element.0, $0.offset) }, uniquingKeysWith: { _, last in last })

    public subscript(_ key: String) -> String { strings[key] ?? key }

    /// `2026年10月` or `October 2026`.
    public func month(_ p: Period) -> String {
        switch locale {
        case .en:
            let names = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
            return "\(names[p.month - 1]) \(p.year)"
        case .zhHant, .zhHans: return "\(p.year)年\(p.month)月"
        }
    }

    /// `2026年10月5日` or `5 Oct 2026`.
    public func date(_ d: CivilDate) -> String {
        switch locale {
        case .en:
            let names = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
            return "\(d.day) \(names[d.month - 1]) \(d.year)"
        case .zhHant, .zhHans: return "\(d.year)年\(d.month)月\(d.day)日"
        }
    }

    /// The words of pay formulas in this language.
    public var formulaWords: PayFormulas.Words {
        guard locale != .en else { return .english }
        return PayFormulas.Words(days: self["f_days"], tierMix: self["f_tier_mix"], above: self["f_above"],
                                 atAttainment: self["f_at_attainment"], noAttainment: self["f_no_attainment"],
                                 cappedAt: self["f_capped_at"], score: self["f_score"], generation: self["f_generation"],
                                 noOverride: self["f_no_override"], inactive: self["f_inactive"],
                                 why: ["terminated": self["f_terminated"], "no KPI score": self["f_no_kpi"],
                                       "below the first step": self["f_below_steps"]])
    }

    // key, 繁體, 简体, English
    static let table: [(String, String, String, String)] = [
        ("report_title", "月度業績與激勵報告", "月度业绩与激励报告", "Monthly performance and incentive report"),
        ("carried_in", "上月結轉", "上月结转", "Carried in"),
        ("f_carried_in", "上月結轉扣回", "上月结转扣回", "last month's carry-forward"),
        ("movement", "升降", "升降", "Move"),
        ("move_new", "新上榜", "新上榜", "new"),
        ("month_on_month", "與上月相比", "与上月相比", "This month against the last"),
        ("this_month", "本月", "本月", "This month"),
        ("last_month", "上月", "上月", "Last month"),
        ("change", "增減", "增减", "Change"),
        ("figure", "項目", "项目", "Figure"),
        ("value", "數值", "数值", "Value"),
        ("compare_title", "方案試算比較", "方案试算比较", "What-if: two plans, one month"),
        ("compare_cost", "各職級、各項目的激勵成本", "各职级、各项目的激励成本", "Cost by role and line item"),
        ("compare_biggest", "變動最大的 20 人", "变动最大的 20 人", "The 20 biggest changes"),
        ("compare_teams", "各團隊的增減", "各团队的增减", "Winners and losers per team"),
        ("compare_gain", "增加", "增加", "Gain"),
        ("compare_lose", "減少", "减少", "Lose"),
        ("compare_stay", "不變", "不变", "Stay"),
        ("compare_nobody", "兩個方案下沒有任何人的合計改變", "两个方案下没有任何人的合计改变", "No one's total changes between the two plans"),
        ("compare_changed", "人的合計改變", "人的合计改变", "agents' totals change"),
        ("not_carried", "未結轉的欠款（已離開名冊）", "未结转的欠款（已离开名册）", "Balances not carried (no longer on the roster)"),
        ("not_carried_sum", "未結轉欠款合計", "未结转欠款合计", "Sum of balances not carried"),
        ("no_previous", "沒有上月的發佈結果：上月結轉均為 0.00", "没有上月的发布结果：上月结转均为 0.00", "No previous month's output: nothing was carried in"),
        ("visits_title", "終端拜訪八步驟", "终端拜访八步骤", "Store visits: the eight steps"),
        ("visits", "拜訪次數", "拜访次数", "Visits"),
        ("completed_steps", "完成步驟", "完成步骤", "Steps completed"),
        ("visit_compliance", "步驟完成率", "步骤完成率", "Compliance"),
        ("visit_orders", "訂貨次數", "订货次数", "Visits with an order"),
        ("most_skipped", "最常略過的步驟", "最常略过的步骤", "Most skipped step"),
        ("chart_visits", "各團隊拜訪步驟完成率", "各团队拜访步骤完成率", "Visit compliance by team"),
        ("step_prepare", "準備工作", "准备工作", "prepare"),
        ("step_check_store", "店情查看", "店情查看", "check the store"),
        ("step_greet", "打招呼", "打招呼", "greet"),
        ("step_merchandise", "陳列理貨", "陈列理货", "merchandise"),
        ("step_check_stock", "檢查庫存", "检查库存", "check stock"),
        ("step_present", "銷售拜訪", "销售拜访", "present"),
        ("step_order", "訂貨", "订货", "order"),
        ("step_thank", "致謝離開", "致谢离开", "thank"),
        ("honors_title", "榮譽榜", "荣誉榜", "Honour roll"),
        ("honor", "榮譽", "荣誉", "Honour"),
        ("reached", "已達成", "已达成", "Reached"),
        ("on_pace", "按進度可達成", "按进度可达成", "On pace"),
        ("ytd_total", "年度累計首年佣金", "年度累计首年佣金", "FYC this year"),
        ("projected_fyc", "全年預估", "全年预估", "Projected for the year"),
        ("next_honor", "下一級", "下一级", "Next tier"),
        ("gap_to_next", "差距", "差距", "Gap to next"),
        ("on_pace_for", "按進度可達", "按进度可达", "On pace for"),
        ("team_title", "團隊報告", "团队报告", "Team report"),
        ("director_title", "總監組織報告", "总监组织报告", "Director's organization report"),
        ("statement_title", "個人激勵明細", "个人激励明细", "Incentive statement"),
        ("plan", "方案", "方案", "Plan"),
        ("generated", "產生時間", "生成时间", "Generated"),
        ("back", "返回總覽", "返回总览", "Back to the overview"),
        ("headline", "本月概況", "本月概况", "The month at a glance"),
        ("premium", "保費", "保费", "Premium"),
        ("fyc", "首年佣金", "首年佣金", "FYC"),
        ("target", "目標", "目标", "Target"),
        ("attainment", "達成率", "达成率", "Attainment"),
        ("prior", "去年同期", "去年同期", "Same month last year"),
        ("growth", "同比成長", "同比增长", "Growth"),
        ("new_policies", "新契約件數", "新契约件数", "New policies"),
        ("cancellations", "撤件", "撤件", "Cancellations"),
        ("headcount", "人力", "人力", "Headcount"),
        ("active_agents", "活動人力", "活动人力", "Active agents"),
        ("activity_rate", "活動率", "活动率", "Activity rate"),
        ("per_capita", "人均產能", "人均产能", "Per-capita premium"),
        ("payable", "應發合計", "应发合计", "Total payable"),
        ("base", "底薪", "底薪", "Base salary"),
        ("commission", "提成", "提成", "Commission"),
        ("kpi_bonus", "績效獎金", "绩效奖金", "KPI bonus"),
        ("override", "管理津貼", "管理津贴", "Override"),
        ("total", "合計", "合计", "Total"),
        ("carry_forward", "結轉扣回", "结转扣回", "Carry-forward"),
        ("kpi_score", "KPI 分數", "KPI 分数", "KPI score"),
        ("rank", "名次", "名次", "Rank"),
        ("name", "姓名", "姓名", "Name"),
        ("agent_id", "工號", "工号", "Agent ID"),
        ("role", "職級", "职级", "Role"),
        ("team", "團隊", "团队", "Team"),
        ("region", "區域", "区域", "Region"),
        ("market", "市場", "市场", "Market"),
        ("manager", "主管", "主管", "Manager"),
        ("director", "總監", "总监", "Director"),
        ("charts", "圖表", "图表", "Charts"),
        ("chart_region", "各區域保費與達成率", "各区域保费与达成率", "Premium and attainment by region"),
        ("chart_team", "各團隊達成率（100% 線）", "各团队达成率（100% 线）", "Team attainment against 100%"),
        ("chart_top", "保費前十名", "保费前十名", "Top 10 agents by premium"),
        ("chart_kpi", "KPI 分數分佈", "KPI 分数分布", "Distribution of KPI scores"),
        ("chart_pay", "各職級激勵構成", "各职级激励构成", "Pay by role and line item"),
        ("leaderboard", "個人排行榜（前 20 名）", "个人排行榜（前 20 名）", "Leaderboard (top 20)"),
        ("members", "成員排名", "成员排名", "Members ranked"),
        ("teams", "團隊排名", "团队排名", "Team ranking"),
        ("regions", "區域排名", "区域排名", "Region ranking"),
        ("directors", "總監組織排名", "总监组织排名", "Directors' organizations"),
        ("cost", "激勵成本", "激励成本", "Incentive cost"),
        ("org_health", "組織健康", "组织健康", "Organization health"),
        ("data_quality", "資料品質", "数据质量", "Data quality"),
        ("file", "檔案", "文件", "File"),
        ("rows_read", "讀取列數", "读取行数", "Rows read"),
        ("accepted", "接受", "接受", "Accepted"),
        ("rejected", "拒絕", "拒绝", "Rejected"),
        ("blank", "空白列", "空白行", "Blank"),
        ("code", "代碼", "代码", "Code"),
        ("count", "筆數", "笔数", "Count"),
        ("severity", "嚴重度", "严重度", "Severity"),
        ("all_diagnostics", "全部問題清單（diagnostics.csv）", "全部问题清单（diagnostics.csv）", "Every diagnostic (diagnostics.csv)"),
        ("keep_going_banner", "注意：本報告以 --keep-going 產生，以下被拒絕的資料列未計入：", "注意：本报告以 --keep-going 生成，以下被拒绝的数据行未计入：", "Warning: this report was made with --keep-going; these rejected rows are NOT included:"),
        ("rows_excluded", "列被排除", "行被排除", "rows excluded"),
        ("span_warnings", "管理幅度過大", "管理幅度过大", "Span of control above the limit"),
        ("depth_warnings", "層級過深", "层级过深", "Hierarchy deeper than the limit"),
        ("inactive", "本月未在職", "本月未在职", "Not active in the month"),
        ("new_hires", "本月新進", "本月新进", "Hired this month"),
        ("leavers", "本月離職", "本月离职", "Left this month"),
        ("none", "無", "无", "None"),
        ("hire_date", "入職日期", "入职日期", "Hire date"),
        ("termination_date", "離職日期", "离职日期", "Termination date"),
        ("active_days", "在職天數", "在职天数", "Active days"),
        ("warnings", "提醒", "提醒", "Warnings"),
        ("message", "說明", "说明", "Message"),
        ("sales_summary", "業績摘要", "业绩摘要", "Sales summary"),
        ("kpi", "KPI 各項", "KPI 各项", "KPI dimensions"),
        ("dimension", "項目", "项目", "Dimension"),
        ("weight", "權重", "权重", "Weight"),
        ("score", "分數", "分数", "Score"),
        ("pay_lines", "激勵明細", "激励明细", "Pay lines"),
        ("item", "項目", "项目", "Item"),
        ("formula", "計算方式", "计算方式", "Formula"),
        ("amount", "金額", "金额", "Amount"),
        ("volume_basis", "考核口徑", "考核口径", "Volume basis"),
        ("statements", "個人明細", "个人明细", "Statements"),
        ("dim_volume", "業績量", "业绩量", "Volume"),
        ("dim_growth", "成長", "增长", "Growth"),
        ("dim_planning", "計劃能力", "计划能力", "Planning"),
        ("dim_process", "過程管理", "过程管理", "Process"),
        ("dim_admin", "行政工作", "行政工作", "Admin"),
        ("dim_attitude", "能力態度", "能力态度", "Attitude"),
        ("personal", "個人", "个人", "personal"),
        ("organization", "組織", "组织", "organization"),
        ("mature", "成熟市場", "成熟市场", "mature"),
        ("developing", "發展市場", "发展市场", "developing"),
        ("new", "新市場", "新市场", "new"),
        ("errors", "錯誤", "错误", "Errors"),
        ("level", "層級", "层级", "Level"),
        ("direct_reports", "直屬人數", "直属人数", "Direct reports"),
        ("showing", "顯示前", "显示前", "Showing the first"),
        ("f_days", "天", "天", "days"),
        ("f_tier_mix", "級距係數", "级距系数", "tier mix"),
        ("f_above", "以上", "以上", "above"),
        ("f_at_attainment", "達成率", "达成率", "at attainment"),
        ("f_no_attainment", "無達成率：按第一級", "无达成率：按第一级", "no attainment: first tier"),
        ("f_capped_at", "封頂", "封顶", "capped at"),
        ("f_score", "分數", "分数", "score"),
        ("f_generation", "代", "代", "generation"),
        ("f_no_override", "此職級無管理津貼", "此职级无管理津贴", "no override for"),
        ("f_inactive", "本月未在職", "本月未在职", "inactive in"),
        ("f_terminated", "已離職", "已离职", "terminated"),
        ("f_no_kpi", "無 KPI 分數", "无 KPI 分数", "no KPI score"),
        ("f_below_steps", "未達最低級距", "未达最低级距", "below the first step"),
    ]
}
