import KaoxueCommands

KaoxueMain.run()
