"""Writing a run's measurements as JSON lines, shared by the peer scripts."""

import json
import os


def write_json_lines(path, records):
    """Writes one JSON object per line to `path`, atomically (temporary file, then rename)."""
    with open(path + ".tmp", "w") as handle:
        handle.writelines(json.dumps(record) + "\n" for record in records)
    os.replace(path + ".tmp", path)
