#!/bin/sh
# Add PH-Assist to this user's application menu (Linux desktops following the
# freedesktop.org rules): run it from the built folder, e.g.
#   ./PH-Assist/install-desktop-entry.sh
# Run it again after moving the folder.  Nothing outside the user's home is touched.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
case "$here" in
  *[\"\`\$\\%]*) echo "install-desktop-entry.sh: move the folder to a path without \" \` \$ \\ % first" >&2; exit 2 ;;
esac
data=${XDG_DATA_HOME:-$HOME/.local/share}
mkdir -p "$data/applications" "$data/icons/hicolor/256x256/apps"
cp "$here/ph-assist.png" "$data/icons/hicolor/256x256/apps/ph-assist.png"
esc=$(printf '%s' "$here" | sed -e 's/[&|]/\\&/g')  # sed's replacement specials
sed "s|@APPDIR@|$esc|g" "$here/ph-assist.desktop.in" > "$data/applications/ph-assist.desktop"
chmod 644 "$data/applications/ph-assist.desktop"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$data/applications" || true
echo "installed $data/applications/ph-assist.desktop (starts $here/PH-Assist)"
