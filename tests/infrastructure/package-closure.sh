#!/usr/bin/env bash
# Consumer's view of the packed packages: for each package, the dependency closure a fresh console app gets
# (`dotnet list package --include-transitive`), and the `dotnet publish -r linux-x64` size of a predict-only app
# (Core + Indicators + Models) that loads a bundle and predicts.
#   usage: tests/infrastructure/package-closure.sh ARTIFACTS_DIR [OUTPUT_DIR]
# The apps live in a temporary folder outside the repository and restore from ARTIFACTS_DIR plus the usual feed,
# into a private package folder seeded with hard links from ~/.nuget/packages (so earlier packs of the same
# version never leak in).
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
artifacts=$(cd "${1:?artifacts folder}" && pwd)
out=${2:-$(mktemp -d)}
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

mkdir -p "$work/packages"
if [ -d "$HOME/.nuget/packages" ]; then
  for p in "$HOME"/.nuget/packages/*; do
    case "$(basename "$p")" in predictionsdk*) ;; *) cp -al "$p" "$work/packages/" ;; esac
  done
fi
cat > "$work/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <config><add key="globalPackagesFolder" value="$work/packages" /></config>
  <packageSources>
    <clear />
    <add key="artifacts" value="$artifacts" />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
  </packageSources>
</configuration>
XML
# Keep the repository's Directory.*.props out of the apps.
printf '<Project />\n' > "$work/Directory.Build.props"
printf '<Project />\n' > "$work/Directory.Build.targets"
printf '<Project />\n' > "$work/Directory.Packages.props"

version() { ls "$artifacts" | sed -nE "s/^$1\.([0-9][^a-z]*[0-9a-z.-]*)\.nupkg$/\1/p" | grep -v '^linux' | head -n 1; }

app() { # name, package ids...
  local name=$1; shift
  mkdir -p "$work/$name"
  {
    echo '<Project Sdk="Microsoft.NET.Sdk">'
    echo '  <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><ImplicitUsings>enable</ImplicitUsings><Nullable>enable</Nullable></PropertyGroup>'
    echo '  <ItemGroup>'
    for id in "$@"; do echo "    <PackageReference Include=\"$id\" Version=\"$(version "$id")\" />"; done
    echo '  </ItemGroup>'
    echo '</Project>'
  } > "$work/$name/$name.csproj"
}

for nupkg in "$artifacts"/PredictionSdk.*.nupkg; do
  id=$(basename "$nupkg" | sed -E 's/\.[0-9]+\.[0-9]+\.[0-9]+.*\.nupkg$//')
  case "$id" in PredictionSdk.Cli*) continue ;; esac
  app "Uses.$id" "$id"
  printf 'Console.WriteLine();\n' > "$work/Uses.$id/Program.cs"
  dotnet restore "$work/Uses.$id" >/dev/null
  dotnet list "$work/Uses.$id" package --include-transitive > "$out/$id.closure.txt"
  echo "closure of $id: $(grep -c '^   >' "$out/$id.closure.txt") packages"
done

app PredictOnly PredictionSdk.Core PredictionSdk.Indicators PredictionSdk.Models
cp "$repo/tests/infrastructure/consumer/PredictOnly.cs" "$work/PredictOnly/Program.cs"
dotnet publish "$work/PredictOnly" -c Release -r linux-x64 -o "$work/PredictOnly/out" >/dev/null
"$work/PredictOnly/out/PredictOnly" "$repo/samples/models/btc-tiny-hybrid.psdk" "$repo/samples/data/BTCUSDT-1m-2024-01.csv.gz"
(cd "$work/PredictOnly/out" && find . -type f -printf '%s %p\n' | sort -rn) > "$out/predict-only.files.txt"
bytes=$(du -sb "$work/PredictOnly/out" | cut -f1)
echo "predict-only publish (linux-x64): $bytes bytes ($(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1048576 }') MiB)" | tee "$out/predict-only.size.txt"
