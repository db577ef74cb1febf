"""``python -m wpcompat.cli``: the same as the ``wpcompat`` command."""
from . import main

main()
