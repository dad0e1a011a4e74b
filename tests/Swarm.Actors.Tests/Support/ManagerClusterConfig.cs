using Akka.Configuration;
using Swarm.Actors.Scheduler;

namespace Swarm.Actors.Tests.Support;

/// <summary>An actor system that is a manager of an Akka cluster on loopback, with the journal and both serializers.</summary>
public static class ManagerClusterConfig
{
    public static Config For(IJournalStore journal) => ConfigurationFactory.ParseString($$"""
        akka.loglevel = WARNING
        akka.actor.provider = cluster
        akka.remote.dot-netty.tcp { hostname = 127.0.0.1, port = 0 }
        akka.cluster.roles = [{{SchedulerSingleton.ManagerRole}}]
        akka.cluster.min-nr-of-members = 1
        """ + "\n" + journal.Config + "\n" + SchedulerSerializer.Config + "\n" + Swarm.Actors.SwarmMessageSerializer.Config);
}
