/// A generator parameter out of its supported range.
///
/// `description` is one sentence naming the parameter, its range and the value
/// given, e.g. `scale must be in 1...31 (got 40)`; the CLI prints it after `Error: `.
public struct GeneratorError: Error, Equatable, CustomStringConvertible, Sendable {
    /// What was wrong.
    public var message: String

    /// An error with the given message.
    public init(message: String) {
        self.message = message
    }

    /// The message.
    public var description: String { message }

    /// Checks that `value` lies in `range`.
    static func check(_ name: String, _ value: Int, in range: ClosedRange<Int>) throws(GeneratorError) {
        guard range.contains(value) else {
            throw GeneratorError(message: "\(name) must be in \(range.lowerBound)...\(range.upperBound) (got \(value))")
        }
    }
}
