/// Every subcommand, in the order `influence --help` lists them.
enum CommandList {
    static let all: [any Command.Type] = [
        StatsCommand.self,
        ImportCommand.self,
        ExportCommand.self,
        RankCommand.self,
        ExplainCommand.self,
        AttributeCommand.self,
        ChainCommand.self,
        ReferralsCommand.self,
        GenerateCommand.self,
        ReachCommand.self,
        OverlapCommand.self,
        SeedsCommand.self,
        ReportCommand.self,
    ]
}
