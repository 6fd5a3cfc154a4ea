from presskb.cli import main

main()
