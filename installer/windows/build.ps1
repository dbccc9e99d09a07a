# Builds the Windows installer (run from any folder, in PowerShell, with Python 3.11 and Inno Setup 6):
#   powershell -ExecutionPolicy Bypass -File installer\windows\build.ps1
# 1. a build virtual environment (build\bundle-venv) with the application, PyInstaller and
#    opencv-python-headless in place of opencv-python (the regular wheel carries a second Qt);
# 2. PyInstaller with installer\desktop-ocr.spec -> dist\desktop-ocr\ (desktop-ocr.exe for the
#    window, desktop-ocr-cli.exe for the command line), the same spec as the Linux bundle;
# 3. iscc installer\windows\desktop-ocr.iss -> dist\desktop-ocr-VERSION-windows-x64-setup.exe.
# Environment: PYTHON (default: py -3.11), ISCC (default: iscc on the PATH, else Inno Setup 6's folder).
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..\..")

$venv = "build\bundle-venv"
$vpy = Join-Path $venv "Scripts\python.exe"
if (-not (Test-Path $vpy)) {
    if ($env:PYTHON) { & $env:PYTHON -m venv $venv } else { & py -3.11 -m venv $venv }
}
& $vpy -m pip install -q --upgrade pip
& $vpy -m pip install -q ".[build]"
$cv = & $vpy -c "import importlib.metadata as m; print(m.version('opencv-python'))" 2>$null
if ($LASTEXITCODE -eq 0 -and $cv) {
    & $vpy -m pip uninstall -q -y opencv-python opencv-python-headless
    & $vpy -m pip install -q --force-reinstall --no-deps "opencv-python-headless==$cv"
}
& $vpy -m desktop_ocr.i18n.update --check
if ($LASTEXITCODE -ne 0) { throw "the translations do not match the code" }

& $vpy -m PyInstaller --noconfirm --clean --distpath dist --workpath build\pyinstaller installer\desktop-ocr.spec
if ($LASTEXITCODE -ne 0) { throw "PyInstaller failed" }
& $vpy -m desktop_ocr.notices dist\desktop-ocr\NOTICES.txt
& dist\desktop-ocr\desktop-ocr-cli.exe --version
if ($LASTEXITCODE -ne 0) { throw "the built command line does not start" }

$version = & $vpy -c "import desktop_ocr; print(desktop_ocr.__version__)"
$iscc = $env:ISCC
if (-not $iscc) {
    $found = Get-Command iscc -ErrorAction SilentlyContinue
    if ($found) { $iscc = $found.Source } else { $iscc = "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe" }
}
& $iscc "/DAppVersion=$version" installer\windows\desktop-ocr.iss
if ($LASTEXITCODE -ne 0) { throw "Inno Setup failed" }
Write-Host "built dist\desktop-ocr-$version-windows-x64-setup.exe"
