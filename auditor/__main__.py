"""`python -m auditor` runs the command line."""

from auditor.launch import main

main()
