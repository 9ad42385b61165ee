; Inno Setup 6 script: the Windows installer for the one-folder build.
;
; From the repository root, after the PyInstaller build (packaging\README.md):
;     pyinstaller --noconfirm --clean packaging\agentdesk.spec
;     "%ProgramFiles(x86)%\Inno Setup 6\ISCC.exe" packaging\windows\agentdesk.iss
; Output: dist\agentdesk-<version>-setup.exe
;
; The version is the one in pyproject.toml: the spec writes it into agentdesk.exe's version resource and this
; script reads it from there (pass /DAppVersion=... to override). The installer offers a per-machine install
; (Program Files, needs administrator rights) or a per-user one, in English or Japanese. Uninstalling removes
; the program only: settings, data and logs in %LOCALAPPDATA%\agentdesk stay (README: where data lives).

#define AppName "agentdesk"
#define SourceDir AddBackslash(SourcePath) + "..\..\dist\agentdesk"
#define AppExe SourceDir + "\agentdesk.exe"
#define IconFile AddBackslash(SourcePath) + "..\..\build\agentdesk\icons\agentdesk.ico"

#if !FileExists(AppExe)
  #error dist\agentdesk\agentdesk.exe is missing: run "pyinstaller --noconfirm --clean packaging\agentdesk.spec" first
#endif
#ifndef AppVersion
  #define AppVersion GetStringFileInfo(AppExe, "ProductVersion")
#endif

[Setup]
; AppId identifies agentdesk for upgrades and uninstall: never change it.
AppId={{E551AB34-F786-4DA4-8BAC-A7E040F4EB3C}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=agentdesk
VersionInfoVersion={#GetVersionNumbersString(AppExe)}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=admin
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\..\dist
OutputBaseFilename={#AppName}-{#AppVersion}-setup
#if FileExists(IconFile)
SetupIconFile={#IconFile}
#endif
UninstallDisplayIcon={app}\agentdesk.exe
UninstallDisplayName={#AppName} {#AppVersion}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ShowLanguageDialog=auto
; Close a running agentdesk before replacing its files on an upgrade.
CloseApplications=yes
RestartApplications=no

[Languages]
Name: "en"; MessagesFile: "compiler:Default.isl"
Name: "ja"; MessagesFile: "compiler:Languages\Japanese.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; An upgrade replaces the bundled libraries whole, so that nothing of an older build lingers beside the new one.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
; for administrators: runs "agentdesk router" as a service (packaging\README.md)
Source: "run-router.ps1"; DestDir: "{app}\service"; Flags: ignoreversion

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\agentdesk.exe"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\agentdesk.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\agentdesk.exe"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent runasoriginaluser
