from pathlib import Path

_shared = Path(__file__).resolve().parent.parent / "conf.py"
exec(compile(_shared.read_text(encoding="utf-8"), _shared, "exec"))
language = "ja"
