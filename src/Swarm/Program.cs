using Swarm;

// swarm <command> [flags]: classic Swarm's command line.
const string Version = "swarm version 2.0.0 (Swarm.Actors)";
const string Usage = """
    Usage: swarm [OPTIONS] COMMAND [arg...]

    A Docker-native clustering system

    Commands:
      manage, m   Manage a docker cluster
      join, j     Join a docker cluster
      list, l     List nodes in a cluster
      cmd         Talk to a manager's operational shell
      help        Shows a list of commands or help for one command

    Options:
      --version, -v   print the version
    """;

if (args.Length == 0 || args[0] is "help" or "--help" or "-h")
{
    Console.WriteLine(Usage);
    return 0;
}
if (args[0] is "--version" or "-v" or "version")
{
    Console.WriteLine(Version);
    return 0;
}
return args[0] switch
{
    "manage" or "m" => await ManageCommand.Run(args[1..]),
    "join" or "j" => await JoinCommand.Run(args[1..]),
    "list" or "l" => await ListCommand.Run(args[1..]),
    "cmd" => await CmdCommand.Run(args[1..]),
    _ => Unknown(args[0]),
};

static int Unknown(string command)
{
    Console.Error.WriteLine($"swarm: '{command}' is not a swarm command. See 'swarm --help'.");
    return 1;
}
