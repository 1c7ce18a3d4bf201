#!/usr/bin/env python
from qinshang.cli import main

if __name__ == "__main__":
    main()
