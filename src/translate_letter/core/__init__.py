"""The core every part stands on: errors, typed settings, the letter's text cut into
segments and places, its tokens (numbers, symbols), characters and the glossary."""
