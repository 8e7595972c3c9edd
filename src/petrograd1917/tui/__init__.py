"""The Textual face: screens and widgets that show a Game and pass the player's keys to it."""
