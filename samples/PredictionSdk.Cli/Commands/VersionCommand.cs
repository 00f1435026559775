using System.CommandLine;
using System.Reflection;

namespace PredictionSdk.Cli;

internal static class VersionCommand
{
    public static Command Create()
    {
        var command = new Command("version", "Prints the versions of psdk and the PredictionSdk packages it uses.");
        command.SetAction(_ =>
        {
            foreach (var assembly in new[] { typeof(VersionCommand).Assembly, typeof(Candle).Assembly })
            {
                var name = assembly.GetName();
                string info = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? name.Version?.ToString() ?? "?";
                Console.WriteLine($"{name.Name} {info}");
            }

            return 0;
        });
        return command;
    }
}
