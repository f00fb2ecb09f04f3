"""`python -m pydev_workflow` entry point."""

from pydev_workflow.cli.app import main

main()
