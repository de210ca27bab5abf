from wijknet.cli import main

main()
