import InfluenceCLI
#if canImport(Glibc)
import Glibc
#endif

exit(InfluenceCLI.main(arguments: Array(CommandLine.arguments.dropFirst())))
