extension GraphBuilder {
    /// Adds follow rows kept in the buffers a reader parsed them into, after those
    /// already added.
    mutating func appendFollowRows(_ rows: ChunkedFollowRows) {
        guard !rows.chunks.isEmpty else { return }
        if let existing = chunkedFollows {
            chunkedFollows = ChunkedFollowRows(chunks: existing.chunks + rows.chunks, memory: existing.memory + rows.memory)
        } else {
            chunkedFollows = rows
        }
    }
}
