"""Allow ``python -m palette_emulator``."""

from palette_emulator.cli import main

if __name__ == "__main__":
    main()
