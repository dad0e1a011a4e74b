using Akka.Actor;
using Akka.Persistence;
using Akka.Serialization;
using Swarm.Actors.Scheduler;

namespace Swarm.Actors.Tests.Support;

/// <summary>
/// Writes a scheduler journal as an earlier version did: given bytes under a given manifest and the scheduler
/// serializer's ID, as events or as a snapshot, in an actor system of its own (without the scheduler serializer).
/// </summary>
public sealed class EarlierScheduler : ReceivePersistentActor
{
    // The scheduler serializer's ID (SchedulerSerializer.SerializerId).
    public const string Config = """
        akka.actor {
          serializers.written-before = "Swarm.Actors.Tests.Support.EarlierScheduler+WrittenBeforeSerializer, Swarm.Actors.Tests"
          serialization-bindings { "Swarm.Actors.Tests.Support.EarlierScheduler+WrittenBefore, Swarm.Actors.Tests" = written-before }
          serialization-identifiers { "Swarm.Actors.Tests.Support.EarlierScheduler+WrittenBeforeSerializer, Swarm.Actors.Tests" = 7451 }
        }
        """;

    private IActorRef? awaitingSnapshot;

    public EarlierScheduler()
    {
        Command<WrittenBefore>(written => Persist(written, _ => Sender.Tell(LastSequenceNr)));
        Command<AsSnapshot>(snapshot =>
        {
            awaitingSnapshot = Sender;
            SaveSnapshot(snapshot.Written);
        });
        Command<SaveSnapshotSuccess>(success => awaitingSnapshot?.Tell(success.Metadata.SequenceNr));
        Command<SaveSnapshotFailure>(failure => awaitingSnapshot?.Tell(new Status.Failure(failure.Cause)));
    }

    public override string PersistenceId => SchedulerActor.DefaultPersistenceId;

    /// <summary>What an earlier serializer wrote for one object.</summary>
    public sealed record WrittenBefore(string Manifest, byte[] Bytes);

    /// <summary>Save it as the snapshot at the last sequence number.</summary>
    public sealed record AsSnapshot(WrittenBefore Written);

    /// <summary>Writes the bytes as they are: no reading back, which is the scheduler's part.</summary>
    public sealed class WrittenBeforeSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
    {
        public override int Identifier => SchedulerSerializer.SerializerId;

        public override string Manifest(object o) => ((WrittenBefore)o).Manifest;

        public override byte[] ToBinary(object obj) => ((WrittenBefore)obj).Bytes;

        public override object FromBinary(byte[] bytes, string manifest) => throw new NotSupportedException("only writes");
    }
}
