"""`python -m dfx_unified` is the `dfx-unified` command."""

import sys

from dfx_unified.cli import main

sys.exit(main())
