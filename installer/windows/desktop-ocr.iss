; Inno Setup script for Desktop OCR on Windows (Inno Setup 6).
; It packs the one-folder PyInstaller build dist\desktop-ocr\ made from installer\desktop-ocr.spec
; (the same spec as the Linux bundle); installer\windows\build.ps1 builds that folder and then
; runs:  iscc /DAppVersion=X.Y.Z installer\windows\desktop-ocr.iss
; Output: dist\desktop-ocr-X.Y.Z-windows-x64-setup.exe
;
; The folder holds desktop-ocr.exe (the window, no console) and desktop-ocr-cli.exe (the command
; line: desktop-ocr-cli ocr FILE...). Per-user install by default (no administrator needed); the
; settings in %APPDATA% are left in place on uninstall.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#define AppName "Desktop OCR"
#define AppExe "desktop-ocr.exe"
#define BuildDir "..\..\dist\desktop-ocr"
#define IconFile "..\..\build\pyinstaller\desktop-ocr\desktop-ocr.ico"

[Setup]
AppId={{6C1F2B1E-5E0B-4D4C-9C55-0B7E3F0D6A51}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=Desktop OCR
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\dist
OutputBaseFilename=desktop-ocr-{#AppVersion}-windows-x64-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
UninstallDisplayIcon={app}\{#AppExe}
#if FileExists(AddBackslash(SourcePath) + IconFile)
SetupIconFile={#IconFile}
#endif
; the application holds the single-instance socket and the models: close it before replacing files
CloseApplications=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
; Chinese (Simplified) ships with recent Inno Setup releases; older ones keep English only
#if FileExists(AddBackslash(CompilerPath) + "Languages\ChineseSimplified.isl")
  #define HaveChinese
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
#endif

[CustomMessages]
english.AutostartTask=Start {#AppName} in the system tray when I log in
english.ShortcutsGroup=Shortcuts:
english.CaptureShortcut=Capture a screen region
#ifdef HaveChinese
chinesesimplified.AutostartTask=登录 Windows 时在系统托盘中启动 {#AppName}
chinesesimplified.ShortcutsGroup=快捷方式：
chinesesimplified.CaptureShortcut=截图识别
#endif

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:ShortcutsGroup}"; Flags: unchecked
Name: "autostart"; Description: "{cm:AutostartTask}"; GroupDescription: "{cm:ShortcutsGroup}"; Flags: unchecked

[Files]
Source: "{#BuildDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
; Start menu (per user or for all users, following the install mode)
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"
Name: "{autoprograms}\{cm:CaptureShortcut} ({#AppName})"; Filename: "{app}\{#AppExe}"; Parameters: "capture"; WorkingDir: "{app}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Tasks: desktopicon
; autostart: the tray and the global shortcut, without opening the window
Name: "{autostartup}\{#AppName}"; Filename: "{app}\{#AppExe}"; Parameters: "--tray"; WorkingDir: "{app}"; Tasks: autostart

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
