#!/usr/bin/env bash
# macOS: build agentdesk.app with PyInstaller, sign it, pack it into a .dmg, notarise and staple the .dmg.
#
#   packaging/macos/build-dmg.sh
#
# Run on a Mac from the repository root's virtual environment (Python 3.11+, `pip install -e '.[test]'`,
# Xcode command-line tools). Output: dist/agentdesk.app and dist/agentdesk-<version>.dmg.
#
# Without AGENTDESK_CODESIGN_IDENTITY the app is only ad-hoc signed (fine on the machine that built it;
# Gatekeeper blocks it elsewhere). For a release set both:
#   AGENTDESK_CODESIGN_IDENTITY  "Developer ID Application: Example Corp (TEAMID1234)"
#                                (security find-identity -v -p codesigning lists what the keychain holds)
#   AGENTDESK_NOTARY_PROFILE     a notarytool keychain profile, stored once with
#                                xcrun notarytool store-credentials agentdesk-notary \
#                                    --apple-id release@example.com --team-id TEAMID1234
#                                (it asks for an app-specific password made at appleid.apple.com)
set -euo pipefail
cd "$(dirname "$0")/../.."

python=${PYTHON:-python3}
identity=${AGENTDESK_CODESIGN_IDENTITY:-}
profile=${AGENTDESK_NOTARY_PROFILE:-}
version=$("$python" -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')
app=dist/agentdesk.app
dmg=dist/agentdesk-$version.dmg

echo "== build agentdesk $version"
# With an identity the spec signs every binary inside with the hardened runtime, a secure timestamp and
# packaging/macos/entitlements.plist, then the bundle itself.
AGENTDESK_CODESIGN_IDENTITY="$identity" "$python" -m PyInstaller --noconfirm --clean packaging/agentdesk.spec

echo "== check the app"
"$app/Contents/MacOS/agentdesk" --version
QT_QPA_PLATFORM=offscreen AGENTDESK_SMOKE_TEST=1 "$app/Contents/MacOS/agentdesk"
if [ -n "$identity" ]; then
    codesign --verify --deep --strict --verbose=2 "$app"
    codesign --display --verbose=2 "$app" 2>&1 | grep -E "Authority|TeamIdentifier|flags"
fi

echo "== pack $dmg"
staging=$(mktemp -d)
trap 'rm -rf "$staging"' EXIT
cp -R "$app" "$staging/"
ln -s /Applications "$staging/Applications"
rm -f "$dmg"
hdiutil create -volname "agentdesk $version" -srcfolder "$staging" -fs HFS+ -format UDZO -ov "$dmg"

if [ -n "$identity" ]; then
    echo "== sign $dmg"
    codesign --force --timestamp --sign "$identity" "$dmg"
fi

if [ -n "$profile" ]; then
    [ -n "$identity" ] || { echo "notarisation needs AGENTDESK_CODESIGN_IDENTITY" >&2; exit 1; }
    echo "== notarise $dmg (Apple's service answers in minutes)"
    xcrun notarytool submit "$dmg" --keychain-profile "$profile" --wait
    # a rejection prints a submission id: xcrun notarytool log <id> --keychain-profile "$profile" says why
    xcrun stapler staple "$dmg"
    xcrun stapler validate "$dmg"
    spctl --assess --type open --context context:primary-signature --verbose=2 "$dmg"
fi

echo "== done: $dmg"
