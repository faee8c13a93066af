# Build the Windows installer of Kansli: the PyInstaller bundle, then the Inno Setup installer.
# Run from the repository root in PowerShell:   powershell -ExecutionPolicy Bypass -File installer\windows\build.ps1
# Needs: Python 3.11-3.13 (x64) from python.org, Inno Setup 6 (https://jrsoftware.org/isinfo.php).
$ErrorActionPreference = "Stop"
Set-Location (Resolve-Path "$PSScriptRoot\..\..")

if (-not (Test-Path .venv\Scripts\python.exe)) { py -3.11 -m venv .venv }
$python = ".venv\Scripts\python.exe"
& $python -m pip install --quiet --upgrade pip
& $python -m pip install --quiet -c constraints.txt -e ".[installer]"
if ($LASTEXITCODE) { throw "pip install failed" }

& $python installer\render_icons.py build\icons
& $python -m PyInstaller --noconfirm --clean --log-level WARN --distpath dist --workpath build\pyinstaller installer\kansli.spec
if ($LASTEXITCODE) { throw "PyInstaller failed" }

# A quick check of the bundle before packing it: the console twin prints the version and makes a demo database.
& dist\kansli\kansli-cli.exe --version
if ($LASTEXITCODE) { throw "the bundle does not start" }

$version = & $python -c "import tomllib; print(tomllib.load(open('pyproject.toml', 'rb'))['project']['version'])"
$iscc = @("${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe", "$env:ProgramFiles\Inno Setup 6\ISCC.exe",
          "$env:LOCALAPPDATA\Programs\Inno Setup 6\ISCC.exe") | Where-Object { Test-Path $_ } | Select-Object -First 1
if (-not $iscc) { throw "Inno Setup 6 (ISCC.exe) was not found" }
& $iscc "/DAppVersion=$version" installer\windows\kansli.iss
if ($LASTEXITCODE) { throw "Inno Setup failed" }
Write-Host "dist\kansli-$version-windows-x64-setup.exe"
