/// HTML or inline SVG text built element by element, with every piece of character
/// data and every attribute value escaped, so ids and names from customer data can
/// never close a tag, open an element or end an attribute.
///
/// ```swift
/// var page = Markup()
/// page.open("p", ["class": "note"])
/// page.text("3 < 4 & \"quoted\"")
/// page.close("p")
/// page.string   // <p class="note">3 &lt; 4 &amp; &quot;quoted&quot;</p>
/// ```
///
/// Attributes are written in the order given, so the same calls give the same bytes.
struct Markup {
    /// The markup so far.
    private(set) var string = ""

    init() {}

    /// `<name a="v" …>`.
    mutating func open(_ name: String, _ attributes: KeyValuePairs<String, String> = [:]) {
        string += "<" + name
        appendAttributes(attributes)
        string += ">"
    }

    /// `</name>`.
    mutating func close(_ name: String) {
        string += "</" + name + ">"
    }

    /// `<name a="v" …/>`: an SVG element with no content.
    mutating func empty(_ name: String, _ attributes: KeyValuePairs<String, String> = [:]) {
        string += "<" + name
        appendAttributes(attributes)
        string += "/>"
    }

    /// `<name a="v" …>text</name>`, the text escaped.
    mutating func element(_ name: String, _ attributes: KeyValuePairs<String, String> = [:], text: String) {
        open(name, attributes)
        self.text(text)
        close(name)
    }

    /// Character data, escaped.
    mutating func text(_ text: String) {
        string += Self.escape(text)
    }

    /// Markup this module wrote itself (style sheets, other `Markup`), as it is.
    mutating func raw(_ markup: String) {
        string += markup
    }

    /// A line break between blocks, so the file reads in a text editor.
    mutating func newline() {
        string += "\n"
    }

    private mutating func appendAttributes(_ attributes: KeyValuePairs<String, String>) {
        for (name, value) in attributes {
            string += " " + name + "=\"" + Self.escape(value) + "\""
        }
    }

    /// `text` safe for character data and for attribute values in double or single
    /// quotes: `&`, `<`, `>`, `"` and `'` become entities, and control characters that
    /// XML forbids (all below U+0020 but tab, newline and return, and U+007F) become
    /// U+FFFD. Everything else, right-to-left text and emoji included, stays as it is.
    ///
    /// - Complexity: O(length of `text`).
    static func escape(_ text: String) -> String {
        var needed = false
        for byte in text.utf8 where byte < 0x20 || byte == 0x7F || byte == 0x26 || byte == 0x3C || byte == 0x3E || byte == 0x22 || byte == 0x27 {
            needed = true
            break
        }
        guard needed else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F { out += "\u{FFFD}" } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }
}
