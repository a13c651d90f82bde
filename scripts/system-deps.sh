#!/bin/sh
# Installs the Debian packages translate-letter needs, once: nothing is done when they
# are all present already.
set -eu
packages="chromium fonts-noto-core poppler-utils gettext libpango-1.0-0 libpangoft2-1.0-0 openssh-client faketime postgresql"
missing=""
for package in $packages; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
        || missing="$missing $package"
done
# npm comes with Node.js in some distributions of it, as a package of its own in Debian's.
command -v npm >/dev/null 2>&1 || missing="$missing npm"
[ -z "$missing" ] && exit 0
echo "installing Debian packages:$missing"
if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
$sudo apt-get update -q
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends $missing
