from monitor.cli.app import main

if __name__ == "__main__":  # also imported by helper processes, which must not run the CLI
    main()
