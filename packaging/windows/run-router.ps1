<#
.SYNOPSIS
    Runs "agentdesk router" as a Windows service (under NSSM), with its passwords from DPAPI-protected files.

.DESCRIPTION
    The service runs as a dedicated local account (agentdesk-svc). Each password the settings file names with
    password_env is kept in  <AGENTDESK_HOME>\secrets\<VARIABLE>.xml , written once by that account with
        Read-Host -AsSecureString "password" | Export-Clixml <AGENTDESK_HOME>\secrets\<VARIABLE>.xml
    Export-Clixml protects a SecureString with DPAPI: only that account, on that machine, can read it back.
    This script sets one environment variable per file, then runs the router in the foreground and returns
    its exit status (0 stopped, 1 a mailbox could not be synced, 2 a configuration error) for NSSM's restart
    policy. Nothing secret is written to the registry, a log or the settings file.
    The steps that install the service are in packaging\README.md ("The router as a Windows service").

.PARAMETER AgentdeskHome
    The agentdesk folder of the service (settings in config\agentdesk.toml, data, log, secrets).
#>
param(
    [string]$AgentdeskHome = "$env:ProgramData\agentdesk",
    [string]$Program = (Join-Path $PSScriptRoot "..\agentdesk-cli.exe")
)

$ErrorActionPreference = "Stop"
$env:AGENTDESK_HOME = $AgentdeskHome

$secrets = Join-Path $AgentdeskHome "secrets"
if (Test-Path $secrets) {
    foreach ($file in Get-ChildItem -Path $secrets -Filter "*.xml") {
        $secure = Import-Clixml -Path $file.FullName
        $plain = [System.Net.NetworkCredential]::new("", $secure).Password
        [System.Environment]::SetEnvironmentVariable($file.BaseName, $plain, "Process")
    }
}

& $Program router
exit $LASTEXITCODE
