"""The scanner's evaluation corpus: files shaped like UK council extracts, each with a truth file, written by
generate.py from a fixed seed. See README.md in this folder."""
