/// An open-addressing map from sparse 64-bit ids to dense indices in order of first appearance.
struct IntegerIDMap {
    var keys: [UInt64]
    var values: [UInt32]
    var count = 0

    init(expected: Int) {
        var capacity = 1024
        while capacity < expected * 2 { capacity *= 2 }
        keys = [UInt64](repeating: 0, count: capacity)
        values = [UInt32](repeating: .max, count: capacity)
    }

    mutating func index(of id: UInt64, order: inout [UInt64]) -> UInt32 {
        let mask = keys.count - 1
        var slot = Int(truncatingIfNeeded: ByteHash.mix(id)) & mask
        while values[slot] != .max {
            if keys[slot] == id { return values[slot] }
            slot = (slot + 1) & mask
        }
        let index = UInt32(truncatingIfNeeded: order.count)
        keys[slot] = id
        values[slot] = index
        order.append(id)
        count += 1
        if count * 2 > keys.count { grow() }
        return index
    }

    mutating func grow() {
        let oldKeys = keys, oldValues = values
        keys = [UInt64](repeating: 0, count: oldKeys.count * 2)
        values = [UInt32](repeating: .max, count: oldKeys.count * 2)
        let mask = keys.count - 1
        for i in 0..<oldKeys.count where oldValues[i] != .max {
            var slot = Int(truncatingIfNeeded: ByteHash.mix(oldKeys[i])) & mask
            while values[slot] != .max { slot = (slot + 1) & mask }
            keys[slot] = oldKeys[i]
            values[slot] = oldValues[i]
        }
    }
}
