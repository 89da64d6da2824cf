"""Print the commands of the README's ``## Quick start`` bash block, one per line."""

import re
import sys
from pathlib import Path

text = Path(sys.argv[1]).read_text(encoding="utf-8")
section = re.search(r"^## Quick start\s*$(.*?)(?=^## |\Z)", text, re.MULTILINE | re.DOTALL)
block = re.search(r"```bash\n(.*?)```", section.group(1), re.DOTALL) if section else None
if block is None:
    sys.exit("README.md has no '## Quick start' section with a bash block")
for line in block.group(1).splitlines():
    if line.strip() and not line.lstrip().startswith("#"):
        print(line.strip())
