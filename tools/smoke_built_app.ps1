# Smoke test of the BUILT app on Windows (tools/build_app.sh under Git Bash, or PyInstaller with build/pyinstaller.spec):
# the PowerShell twin of tools/smoke_built_app.sh, the way an admin runs it; no Python from this repo is used.
#   1. legalbasis-sync-gui.exe --demo opens the window (offscreen) and stays up for 10 s, no traceback or error logged;
#   2. legalbasis-sync.exe runs `sync --dry-run --json` against its own simulators and prints a valid run summary;
#   3. `history --xlsx` writes a workbook (openpyxl bundled) and `history --contact EMAIL --pdf` a PDF (Qt's writer);
#   4. `keyring-check` stores, reads back and deletes a test secret (throw-away service name) in the Windows
#      Credential Locker, the backend the spec names.
# Usage: pwsh -File tools/smoke_built_app.ps1 [-App dist\legalbasis-sync]
param([string]$App = "dist\legalbasis-sync")
$ErrorActionPreference = "Stop"
Set-StrictMode -Version 3.0

function Fail([string]$Message) {
    Write-Error "SMOKE FAILED: $Message" -ErrorAction Continue
    exit 1
}

if (-not (Test-Path -LiteralPath $App -PathType Container)) {
    Write-Error "tools/smoke_built_app.ps1: no built app in $App; build it first with bash tools/build_app.sh" -ErrorAction Continue
    exit 2
}
$App = (Resolve-Path -LiteralPath $App).Path
$Cli = Join-Path $App "legalbasis-sync.exe"
$Gui = Join-Path $App "legalbasis-sync-gui.exe"
foreach ($file in @($Cli, $Gui)) {
    if (-not (Test-Path -LiteralPath $file -PathType Leaf)) {
        Write-Error "tools/smoke_built_app.ps1: $file is missing" -ErrorAction Continue
        exit 2
    }
}

$Scratch = Join-Path ([System.IO.Path]::GetTempPath()) ("legalbasis-smoke-" + [guid]::NewGuid().ToString("N"))
New-Item -ItemType Directory -Path $Scratch | Out-Null
# Nothing from the caller's environment may steer the app (a saved account, a keyring choice).
Get-ChildItem Env: | Where-Object { $_.Name -like "LEGALBASIS_SYNC_*" } | ForEach-Object { Remove-Item "Env:$($_.Name)" }
Remove-Item Env:PYTHON_KEYRING_BACKEND -ErrorAction SilentlyContinue
$Started = Get-Date
$Processes = @()

# Runs the console executable; returns @{Code; Out; Err}.
function Invoke-Cli([string[]]$Arguments, [hashtable]$Environment = @{}) {
    $saved = @{}
    foreach ($name in $Environment.Keys) {
        $saved[$name] = [Environment]::GetEnvironmentVariable($name)
        [Environment]::SetEnvironmentVariable($name, $Environment[$name])
    }
    try {
        $out = Join-Path $Scratch ("out-" + [guid]::NewGuid().ToString("N"))
        $err = "$out.err"
        $process = Start-Process -FilePath $Cli -ArgumentList $Arguments -NoNewWindow -Wait -PassThru `
            -RedirectStandardOutput $out -RedirectStandardError $err
        return @{ Code = $process.ExitCode; Out = (Get-Content -Raw -LiteralPath $out -ErrorAction SilentlyContinue);
                  Err = (Get-Content -Raw -LiteralPath $err -ErrorAction SilentlyContinue) }
    } finally {
        foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
    }
}

function Quote([string]$Text) { return '"' + $Text + '"' }

try {
    # ------------------------------------------------------------ 1. the window, demo mode
    Write-Output "smoke 1/4: the window opens offscreen in demo mode and stays up"
    $guiData = Join-Path $Scratch "gui-data"
    $env:LEGALBASIS_SYNC_DATA_DIR = $guiData
    $env:QT_QPA_PLATFORM = "offscreen"
    $window = Start-Process -FilePath $Gui -ArgumentList "--demo" -PassThru
    $Processes += $window
    Start-Sleep -Seconds 10
    if ($window.HasExited) { Fail "the window exited after less than 10 s (exit code $($window.ExitCode))" }
    Stop-Process -Id $window.Id -Force
    Remove-Item Env:QT_QPA_PLATFORM
    Remove-Item Env:LEGALBASIS_SYNC_DATA_DIR
    $log = Join-Path $guiData "logs\legalbasis-sync.log"
    if (-not (Test-Path -LiteralPath $log)) { Fail "the window wrote no log file ($log)" }
    $logText = Get-Content -Raw -LiteralPath $log
    if ($logText -match "Unexpected error|Traceback| ERROR | CRITICAL ") { Write-Output $logText; Fail "the window logged an error" }
    if ($logText -notmatch "Demo mode: simulators at") { Write-Output $logText; Fail "the log does not show the demo starting" }
    if ($logText -match "icon files are missing") { Fail "the built app lacks its icon files (resources/)" }
    Write-Output "  ok: up for 10 s, demo started, no error or traceback"

    # ------------------------------------------------------------ 2. headless dry run against the simulators
    Write-Output "smoke 2/4: sync --dry-run --json against the frozen app's simulators"
    $simOut = Join-Path $Scratch "sim.out"
    $simulators = Start-Process -FilePath $Cli -ArgumentList @("simulators", "--contacts", "300") -NoNewWindow -PassThru `
        -RedirectStandardOutput $simOut -RedirectStandardError (Join-Path $Scratch "sim.err")
    $Processes += $simulators
    $ready = $false
    for ($i = 0; $i -lt 300 -and -not $ready; $i++) {
        Start-Sleep -Milliseconds 100
        if ((Test-Path -LiteralPath $simOut) -and ((Get-Content -Raw -LiteralPath $simOut) -match "Press Ctrl\+C")) { $ready = $true }
        if ($simulators.HasExited) { Fail "the simulators exited" }
    }
    if (-not $ready) { Fail "the simulators did not start within 30 s" }
    $lines = Get-Content -LiteralPath $simOut
    $soUrl = (($lines | Where-Object { $_ -like "SuperOffice simulator*" } | Select-Object -First 1) -split "\s+")[2]
    $emUrl = (($lines | Where-Object { $_ -like "eMarketeer simulator*" } | Select-Object -First 1) -split "\s+")[2]
    if (-not $soUrl -or -not $emUrl) { Fail "could not read the simulators' addresses" }
    $cliData = Join-Path $Scratch "cli-data"
    $run = Invoke-Cli @("sync", "--dry-run", "--json") @{
        LEGALBASIS_SYNC_DATA_DIR = $cliData; LEGALBASIS_SYNC_CRM = "onsite"; LEGALBASIS_SYNC_ENABLED = "1";
        LEGALBASIS_SYNC_SUPEROFFICE_URL = $soUrl; LEGALBASIS_SYNC_SUPEROFFICE_USER = "admin";
        LEGALBASIS_SYNC_SUPEROFFICE_PASSWORD = "secret"; LEGALBASIS_SYNC_EMARKETEER_URL = $emUrl;
        LEGALBASIS_SYNC_EMARKETEER_API_KEY = "demo-key" }
    if ($run.Code -ne 0) { Write-Output $run.Err; Fail "sync --dry-run --json exited with $($run.Code)" }
    $summary = $run.Out | ConvertFrom-Json
    foreach ($key in @("run_id", "status", "dry_run", "trigger", "matched", "changes", "conflicts", "errors")) {
        if (-not ($summary.PSObject.Properties.Name -contains $key)) { Fail "no $key in the run summary" }
    }
    if ($summary.status -ne "done" -or $summary.dry_run -ne $true -or $summary.matched -le 0) { Fail "unexpected run summary: $($run.Out)" }
    Write-Output "  ok: run $($summary.run_id) $($summary.status), $($summary.matched) matched (dry run)"

    # ------------------------------------------------------------ 3. the workbook and a contact's PDF
    Write-Output "smoke 3/4: history --xlsx writes a workbook; history --contact --pdf a PDF report"
    $xlsx = Join-Path $Scratch "audit.xlsx"
    $book = Invoke-Cli @("history", "--xlsx", (Quote $xlsx)) @{ LEGALBASIS_SYNC_DATA_DIR = $cliData }
    if ($book.Code -ne 0) { Write-Output $book.Err; Fail "history --xlsx exited with $($book.Code)" }
    Add-Type -AssemblyName System.IO.Compression.FileSystem
    $zip = [System.IO.Compression.ZipFile]::OpenRead($xlsx)
    try {
        $names = $zip.Entries | ForEach-Object { $_.FullName }
        foreach ($name in @("xl/workbook.xml", "xl/worksheets/sheet1.xml", "xl/worksheets/sheet3.xml")) {
            if (-not ($names -contains $name)) { Fail "the workbook lacks $name" }
        }
    } finally { $zip.Dispose() }
    $pdf = Join-Path $Scratch "anna.pdf"
    $report = Invoke-Cli @("history", "--contact", "anna@example.se", "--pdf", (Quote $pdf)) @{ LEGALBASIS_SYNC_DATA_DIR = $cliData }
    if ($report.Code -ne 0) { Write-Output $report.Err; Fail "history --contact --pdf exited with $($report.Code)" }
    $head = [System.Text.Encoding]::ASCII.GetString([System.IO.File]::ReadAllBytes($pdf), 0, 5)
    if ($head -ne "%PDF-") { Fail "history --contact --pdf did not write a PDF" }
    Write-Output "  ok: a workbook with its three sheets; $($report.Err.Trim())"

    # ------------------------------------------------------------ 4. the Windows Credential Locker
    Write-Output "smoke 4/4: keyring-check against the Windows Credential Locker (a throw-away test entry)"
    $keyring = Invoke-Cli @("keyring-check")
    if ($keyring.Code -ne 0) { Write-Output $keyring.Out $keyring.Err; Fail "keyring-check exited with $($keyring.Code)" }
    if ($keyring.Out -notmatch "Windows|WinVault") { Write-Output $keyring.Out; Fail "keyring-check did not use the Windows backend" }
    Write-Output "  ok: $($keyring.Out.Trim())"

    Write-Output ("Smoke test of $App passed in {0:N0} s." -f ((Get-Date) - $Started).TotalSeconds)
} finally {
    foreach ($process in $Processes) {
        if ($process -and -not $process.HasExited) { Stop-Process -Id $process.Id -Force -ErrorAction SilentlyContinue }
    }
    Remove-Item -Recurse -Force -LiteralPath $Scratch -ErrorAction SilentlyContinue
}
