; Inno Setup 6 script of Kansli: a per-user installer (no administrator rights), Start menu entry, uninstaller and
; the .kansli-sync file type. Build it on Windows with installer\windows\build.ps1, which builds the PyInstaller
; bundle (dist\kansli) first and passes the version from pyproject.toml:
;     iscc /DAppVersion=0.1.0 installer\windows\kansli.iss
; The result is dist\kansli-<version>-windows-x64-setup.exe.

#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=x.y.z kansli.iss (build.ps1 reads it from pyproject.toml)
#endif
#define AppName "Kansli"
#define AppExe "kansli.exe"
#define Root "..\.."
#define ProgId "Kansli.SyncPackage"

[Setup]
; The AppId identifies Kansli for upgrades and the uninstaller: never change it.
AppId={{6E0C3B52-8A1F-4C2D-9E57-3A4B1D7C9F20}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Kansli
VersionInfoVersion={#AppVersion}
VersionInfoProductName={#AppName}
; Per user, without administrator rights: {autopf} is %LOCALAPPDATA%\Programs, the registry entries go to HKCU.
; An IT person may still choose "install for all users" in the dialog (then {autopf} is Program Files, HKLM).
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
DisableDirPage=auto
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir={#Root}\dist
OutputBaseFilename=kansli-{#AppVersion}-windows-x64-setup
SetupIconFile={#Root}\build\icons\kansli.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; The file type is registered: Explorer is told to refresh its associations after install and uninstall.
ChangesAssociations=yes
; Kansli must not be running while it is replaced or removed (its files are in use, and the database is open).
CloseApplications=yes
RestartApplications=no

[Languages]
Name: "en"; MessagesFile: "compiler:Default.isl"
Name: "fi"; MessagesFile: "compiler:Languages\Finnish.isl"
#if FileExists(AddBackslash(CompilerPath) + "Languages\Swedish.isl")
Name: "sv"; MessagesFile: "compiler:Languages\Swedish.isl"
#endif

[CustomMessages]
en.SyncPackage=Kansli sync package
fi.SyncPackage=Kanslin synkronointipaketti
en.DesktopIcon=Create a desktop shortcut
fi.DesktopIcon=Luo pikakuvake työpöydälle
#if FileExists(AddBackslash(CompilerPath) + "Languages\Swedish.isl")
sv.SyncPackage=Kanslis synkroniseringspaket
sv.DesktopIcon=Skapa en genväg på skrivbordet
#endif

[Tasks]
Name: "desktopicon"; Description: "{cm:DesktopIcon}"; Flags: unchecked

[Files]
; The whole PyInstaller one-folder bundle: kansli.exe (the window), kansli-cli.exe (the commands) and _internal\.
Source: "{#Root}\dist\kansli\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; An upgrade replaces the bundle as a whole: files of the previous version that this one no longer has must go.
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{userdocs}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{userdocs}"; Tasks: desktopicon

[Registry]
; .kansli-sync: a double click starts "kansli.exe <file>", which opens the window on the import of that package.
; HKA is HKCU for a per-user install (HKLM for all users); everything is removed again by the uninstaller.
Root: HKA; Subkey: "Software\Classes\.kansli-sync"; ValueType: string; ValueName: ""; ValueData: "{#ProgId}"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.kansli-sync"; ValueType: string; ValueName: "Content Type"; ValueData: "application/x-kansli-sync"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.kansli-sync\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\{#ProgId}"; ValueType: string; ValueName: ""; ValueData: "{cm:SyncPackage}"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\{#ProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExe},0"
Root: HKA; Subkey: "Software\Classes\{#ProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}"; ValueType: string; ValueName: "FriendlyAppName"; ValueData: "{#AppName}"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".kansli-sync"; ValueData: ""

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

; The database, its backups and the log are in the user's data folders (%LOCALAPPDATA%\Kansli): the uninstaller
; leaves them, on purpose. The key stays in Windows Credential Manager under "Kansli".
