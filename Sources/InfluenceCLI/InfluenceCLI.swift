import InfluenceGraph

/// Entry point of the `influence` command-line tool (placeholder until the parser lands).
public enum InfluenceCLI {
    public static func main(arguments: [String]) -> Int32 { 0 }
}
