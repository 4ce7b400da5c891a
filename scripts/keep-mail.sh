#!/bin/sh
# A sendmail stand-in for the end-to-end tests and local trials: keeps each
# message it reads on its standard input as one file in DIR
# (--sendmail "scripts/keep-mail.sh DIR"). The file appears whole or not at
# all, so that a reader never sees half a message.
set -eu
dir=$1
mkdir -p "$dir"
file="$dir/$(date +%s%N)-$$.eml"
cat > "$file.part"
mv "$file.part" "$file"
