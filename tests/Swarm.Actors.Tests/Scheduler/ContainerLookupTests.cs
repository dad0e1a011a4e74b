using Swarm.Actors.Scheduler;

namespace Swarm.Actors.Tests.Scheduler;

public class ContainerLookupTests
{
    private const string Node1Id = "ABCD:EFGH|10.0.0.1:2375";
    private const string Node2Id = "IJKL:MNOP|10.0.0.2:2375";
    private const string Node3Id = "QRST:UVWX|10.0.0.3:2375";

    private static string Hex(char c) => new(c, 64);

    private static LookupEntry Entry(string swarmId, string engineId, string name, string nodeId = Node1Id, string nodeName = "node-1") =>
        new(swarmId, engineId, name, nodeId, nodeName);

    // Web on node-1 and db on node-2, both created; a pending cache on node-1.
    private static readonly LookupEntry Web = Entry("aa11" + Hex('1')[4..], "ee11" + Hex('e')[4..], "web");
    private static readonly LookupEntry Db = Entry("bb22" + Hex('2')[4..], "ff22" + Hex('f')[4..], "db", Node2Id, "node-2");
    private static readonly LookupEntry PendingCache = Entry("cc33" + Hex('3')[4..], "", "cache");
    private static readonly LookupEntry[] Cluster = [Web, Db, PendingCache];

    /// <summary>Resolves by both paths, asserts they agree, and returns the answer.</summary>
    private static LookupResult Resolve(string text, params LookupEntry[] entries)
    {
        var linear = ContainerLookup.Resolve(text, entries);
        var indexed = ContainerLookup.Resolve(text, new ContainerLookupIndex(entries));
        Assert.Equal(linear, indexed);
        return linear;
    }

    private static void AssertFound(LookupEntry expected, LookupResult result)
    {
        Assert.True(result.IsFound, result.Message);
        Assert.Equal(expected, result.Found);
        Assert.Null(result.Error);
        Assert.Equal(200, result.StatusCode);
    }

    private static void AssertNotFound(string text, LookupResult result)
    {
        Assert.Null(result.Found);
        Assert.Equal(LookupError.NotFound, result.Error);
        Assert.Equal($"No such container: {text}", result.Message);
        Assert.Equal(404, result.StatusCode);
    }

    private static void AssertAmbiguous(string message, LookupResult result)
    {
        Assert.Null(result.Found);
        Assert.Equal(LookupError.Ambiguous, result.Error);
        Assert.Equal(message, result.Message);
        Assert.Equal(400, result.StatusCode);
    }

    // Rule 1: exact IDs.

    [Fact]
    public void The_exact_virtual_id_finds_the_container()
    {
        AssertFound(Db, Resolve(Db.SwarmId, Cluster));
    }

    [Fact]
    public void The_exact_physical_id_finds_the_container()
    {
        AssertFound(Db, Resolve(Db.EngineContainerId, Cluster));
    }

    [Fact]
    public void A_pending_container_is_found_by_its_virtual_id()
    {
        AssertFound(PendingCache, Resolve(PendingCache.SwarmId, Cluster));
    }

    [Fact]
    public void An_exact_id_wins_over_a_name_equal_to_it()
    {
        var impostor = Entry(Hex('9'), Hex('8'), Web.SwarmId, Node2Id, "node-2");
        AssertFound(Web, Resolve(Web.SwarmId, Web, impostor));
    }

    [Fact]
    public void An_exact_id_wins_over_a_longer_id_it_is_a_prefix_of()
    {
        var shortId = Entry("abc", "", "one");
        var longId = Entry("abcd", "", "two");
        AssertFound(shortId, Resolve("abc", shortId, longId));
        AssertFound(longId, Resolve("abcd", shortId, longId));
    }

    [Fact]
    public void An_exact_physical_id_wins_over_a_virtual_id_it_is_a_prefix_of()
    {
        var byEngine = Entry(Hex('1'), "abc", "one");
        var byVirtual = Entry("abcd", "", "two");
        AssertFound(byEngine, Resolve("abc", byEngine, byVirtual));
    }

    [Fact]
    public void A_virtual_id_held_by_two_containers_is_ambiguous_not_a_guess()
    {
        // A rescheduled container's old copy on a node that came back carries the same virtual ID.
        var original = Entry(Hex('a'), Hex('1'), "web");
        var copy = Entry(Hex('a'), Hex('2'), "web", Node2Id, "node-2");
        AssertAmbiguous($"Multiple containers found with ID: {Hex('a')}", Resolve(Hex('a'), original, copy));
    }

    [Fact]
    public void A_virtual_id_equal_to_another_containers_physical_id_is_ambiguous()
    {
        var one = Entry(Hex('a'), Hex('1'), "one");
        var other = Entry(Hex('2'), Hex('a'), "other", Node2Id, "node-2");
        AssertAmbiguous($"Multiple containers found with ID: {Hex('a')}", Resolve(Hex('a'), one, other));
    }

    [Fact]
    public void A_container_whose_virtual_and_physical_ids_are_equal_is_counted_once()
    {
        var direct = Entry(Hex('d'), Hex('d'), "direct");
        AssertFound(direct, Resolve(Hex('d'), direct, Web));
        AssertFound(direct, Resolve("ddd", direct, Web));
    }

    [Fact]
    public void The_same_entry_listed_twice_is_one_container()
    {
        var twice = Entry(Hex('d'), Hex('e'), "web");
        AssertFound(twice, Resolve(Hex('d'), twice, twice));
        AssertFound(twice, Resolve("web", twice, twice));
        AssertFound(twice, Resolve("dd", twice, twice));
        Assert.Equal(1, new ContainerLookupIndex([twice, twice]).Count);
    }

    // Rule 2: names.

    [Theory]
    [InlineData("web")]
    [InlineData("/web")]
    [InlineData("node-1/web")]
    [InlineData(Node1Id + "/web")]
    public void A_name_finds_the_container_bare_with_a_slash_or_qualified_by_node_name_or_id(string text)
    {
        AssertFound(Web, Resolve(text, Cluster));
    }

    [Fact]
    public void A_pending_container_is_found_by_its_name()
    {
        AssertFound(PendingCache, Resolve("cache", Cluster));
        AssertFound(PendingCache, Resolve("node-1/cache", Cluster));
    }

    [Theory]
    [InlineData("node-2/web")]
    [InlineData(Node2Id + "/web")]
    [InlineData("ode-1/web")]
    [InlineData("node-1/we")]
    [InlineData("node-1web")]
    [InlineData("node-1//web")]
    [InlineData("ABCD:EFGH/web")]
    [InlineData("10.0.0.1:2375/web")]
    [InlineData("//web")]
    [InlineData("web/")]
    [InlineData("Web")]
    public void A_name_qualified_by_another_node_or_misspelled_is_not_found(string text)
    {
        AssertNotFound(text, Resolve(text, Cluster));
    }

    [Fact]
    public void The_same_name_on_two_nodes_is_ambiguous_and_the_message_names_the_node_qualified_forms()
    {
        var web2 = Entry(Hex('7'), Hex('6'), "web", Node2Id, "node-2");
        var expected = "Multiple containers named web on different nodes; use node/name (node-1/web, node-2/web)";
        AssertAmbiguous(expected, Resolve("web", Web, web2, Db));
        AssertAmbiguous(expected.Replace("named web", "named /web"), Resolve("/web", web2, Web, Db));
    }

    [Theory]
    [InlineData("node-1/web", 1)]
    [InlineData(Node1Id + "/web", 1)]
    [InlineData("node-2/web", 2)]
    [InlineData(Node2Id + "/web", 2)]
    public void A_node_qualified_name_tells_same_named_containers_apart(string text, int node)
    {
        var web2 = Entry(Hex('7'), Hex('6'), "web", Node2Id, "node-2");
        AssertFound(node == 1 ? Web : web2, Resolve(text, Web, web2));
    }

    [Fact]
    public void A_node_qualifier_containing_slashes_is_matched_whole()
    {
        var racked = Entry(Hex('7'), Hex('6'), "web", "rack/1|10.0.0.9:2375", "rack/1");
        AssertFound(racked, Resolve("rack/1/web", Web, racked));
        AssertFound(racked, Resolve("rack/1|10.0.0.9:2375/web", Web, racked));
        AssertNotFound("rack/web", Resolve("rack/web", Web, racked));
    }

    [Fact]
    public void When_nodes_share_a_name_the_ambiguity_message_uses_node_ids()
    {
        var first = Entry(Hex('1'), Hex('2'), "web", Node1Id, "twin");
        var second = Entry(Hex('3'), Hex('4'), "web", Node2Id, "twin");
        var third = Entry(Hex('5'), Hex('6'), "web", Node3Id, "node-3");
        var result = Resolve("web", first, second, third);
        AssertAmbiguous(
            $"Multiple containers named web on different nodes; use node/name ({Node1Id}/web, {Node2Id}/web, node-3/web)",
            result);
        AssertAmbiguous(
            $"Multiple containers named twin/web on different nodes; use node/name ({Node1Id}/web, {Node2Id}/web)",
            Resolve("twin/web", first, second, third));
        AssertFound(first, Resolve(Node1Id + "/web", first, second, third));
    }

    [Fact]
    public void The_same_name_twice_on_one_node_is_ambiguous_and_the_message_names_the_ids()
    {
        var first = Entry(Hex('1'), Hex('2'), "web");
        var second = Entry(Hex('3'), "", "web");
        AssertAmbiguous($"Multiple containers named web; use the container ID ({Hex('1')}, {Hex('3')})", Resolve("web", second, first));
    }

    [Fact]
    public void A_name_looking_like_a_hex_prefix_wins_over_the_id_it_is_a_prefix_of()
    {
        var hexNamed = Entry(Hex('9'), Hex('8'), "aa11", Node2Id, "node-2");
        AssertFound(hexNamed, Resolve("aa11", Web, hexNamed));
        var physicalLookalike = Entry(Hex('9'), Hex('8'), "ee11", Node2Id, "node-2");
        AssertFound(physicalLookalike, Resolve("ee11", Web, physicalLookalike));
    }

    [Fact]
    public void A_hex_looking_name_does_not_stop_a_different_prefix_from_resolving_by_id()
    {
        var hexNamed = Entry(Hex('9'), Hex('8'), "aa11", Node2Id, "node-2");
        AssertFound(Web, Resolve("aa1", Web, hexNamed));
        AssertFound(Web, Resolve("aa111", Web, hexNamed));
    }

    [Fact]
    public void A_container_without_a_name_is_never_matched_by_name_forms()
    {
        var unnamed = Entry(Hex('5'), "", "");
        AssertNotFound("/", Resolve("/", unnamed));
        AssertNotFound("node-1/", Resolve("node-1/", unnamed));
        AssertNotFound(Node1Id + "/", Resolve(Node1Id + "/", unnamed));
    }

    [Fact]
    public void A_container_on_a_node_without_a_name_is_found_by_name_and_by_node_id()
    {
        var onNamelessNode = Entry(Hex('5'), Hex('6'), "web", Node3Id, "");
        AssertFound(onNamelessNode, Resolve("web", onNamelessNode, Db));
        AssertFound(onNamelessNode, Resolve("/web", onNamelessNode, Db));
        AssertFound(onNamelessNode, Resolve(Node3Id + "/web", onNamelessNode, Db));
        AssertAmbiguous(
            $"Multiple containers named web on different nodes; use node/name ({Node3Id}/web, node-1/web)",
            Resolve("web", onNamelessNode, Web));
    }

    // Rule 3: ID prefixes.

    [Theory]
    [InlineData("b")]
    [InlineData("bb22")]
    [InlineData("bb222")]
    public void A_unique_prefix_of_a_virtual_id_finds_the_container(string text)
    {
        AssertFound(Db, Resolve(text, Cluster));
    }

    [Theory]
    [InlineData("f")]
    [InlineData("ff22")]
    [InlineData("ff22fffffff")]
    public void A_unique_prefix_of_a_physical_id_finds_the_container(string text)
    {
        AssertFound(Db, Resolve(text, Cluster));
    }

    [Fact]
    public void A_prefix_of_both_ids_of_one_container_counts_it_once()
    {
        var both = Entry("abc1" + Hex('1')[4..], "abc2" + Hex('2')[4..], "both");
        AssertFound(both, Resolve("abc", both, Db));
    }

    [Fact]
    public void A_prefix_of_two_virtual_ids_is_ambiguous_with_dockers_message()
    {
        var web2 = Entry("aa12" + Hex('7')[4..], "", "web2");
        AssertAmbiguous("Multiple IDs found with provided prefix: aa1", Resolve("aa1", Web, web2));
        AssertFound(Web, Resolve("aa11", Web, web2));
    }

    [Fact]
    public void A_prefix_of_one_virtual_id_and_another_physical_id_is_ambiguous()
    {
        var other = Entry(Hex('7'), "aa19" + Hex('9')[4..], "other", Node2Id, "node-2");
        AssertAmbiguous("Multiple IDs found with provided prefix: aa1", Resolve("aa1", Web, other));
    }

    [Fact]
    public void A_prefix_of_two_physical_ids_is_ambiguous()
    {
        var other = Entry(Hex('7'), "ee19" + Hex('9')[4..], "other", Node2Id, "node-2");
        AssertAmbiguous("Multiple IDs found with provided prefix: ee1", Resolve("ee1", Web, other));
    }

    [Fact]
    public void Prefixes_are_case_sensitive_like_docker()
    {
        AssertNotFound("BB22", Resolve("BB22", Cluster));
        AssertNotFound("AA11", Resolve("AA11", Cluster));
    }

    // Not found, empty text, pending entries.

    [Theory]
    [InlineData("nope")]
    [InlineData("0")]
    [InlineData("aa11x")]
    [InlineData(" web")]
    public void Text_matching_no_rule_is_not_found_with_dockers_message(string text)
    {
        AssertNotFound(text, Resolve(text, Cluster));
    }

    [Fact]
    public void Empty_text_is_not_found_even_among_pending_containers()
    {
        var pendingUnnamed = Entry(Hex('5'), "", "");
        AssertNotFound("", Resolve("", pendingUnnamed));
        AssertNotFound("", Resolve("", PendingCache));
        AssertNotFound("", Resolve("", Cluster));
    }

    [Fact]
    public void An_empty_physical_id_never_makes_a_pending_container_match_a_prefix()
    {
        // Only the pending container's virtual ID starts with "c"; its empty physical ID must not count as a second ID.
        AssertFound(PendingCache, Resolve("c", Cluster));
        // "e" is a prefix of Web's physical ID only, not of the pending container's empty one.
        AssertFound(Web, Resolve("e", Cluster));
        var secondPending = Entry("dd44" + Hex('4')[4..], "", "other", Node2Id, "node-2");
        AssertFound(Web, Resolve("e", Web, PendingCache, secondPending));
    }

    [Fact]
    public void No_containers_means_not_found()
    {
        AssertNotFound("web", Resolve("web"));
        AssertNotFound("a", Resolve("a"));
    }

    [Fact]
    public void An_index_over_thirty_thousand_containers_resolves_every_rule()
    {
        var random = new Random(30_000);
        var entries = new List<LookupEntry>();
        for (int i = 0; i < 30_000; i++)
        {
            entries.Add(new LookupEntry(RandomHex(random, 64), i % 10 == 0 ? "" : RandomHex(random, 64), $"c{i}", $"ID{i % 50}:X|10.0.0.{i % 50}:2375", $"node-{i % 50}"));
        }
        var index = new ContainerLookupIndex(entries);
        Assert.Equal(30_000, index.Count);

        var target = entries[12_345];
        AssertFound(target, ContainerLookup.Resolve(target.SwarmId, index));
        AssertFound(target, ContainerLookup.Resolve(target.EngineContainerId, index));
        AssertFound(target, ContainerLookup.Resolve(target.SwarmId[..12], index));
        AssertFound(target, ContainerLookup.Resolve(target.EngineContainerId[..12], index));
        AssertFound(target, ContainerLookup.Resolve("c12345", index));
        AssertFound(target, ContainerLookup.Resolve("node-45/c12345", index));
        AssertNotFound("node-44/c12345", ContainerLookup.Resolve("node-44/c12345", index));
        AssertAmbiguous("Multiple IDs found with provided prefix: a", ContainerLookup.Resolve("a", index));
        Assert.Equal(ContainerLookup.Resolve("a", entries), ContainerLookup.Resolve("a", index));
    }

    // The two paths agree.

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void The_index_and_the_linear_scan_agree_on_random_clusters(int seed)
    {
        var random = new Random(seed);
        (string Id, string Name)[] nodes =
        [
            (Node1Id, "node-1"), (Node2Id, "node-2"), (Node3Id, "twin"), ("ZZZZ:ZZZZ|10.0.0.4:2375", "twin"),
            ("YYYY:YYYY|10.0.0.5:2375", ""), ("rack/6|10.0.0.6:2375", "rack/6"),
        ];
        string[] names = ["web", "db", "cache", "a", "ab", "0a1", "f", ""];

        var entries = new List<LookupEntry>();
        for (int i = 0; i < 300; i++)
        {
            var (nodeId, nodeName) = nodes[random.Next(nodes.Length)];
            // Short IDs over a small alphabet, so that prefixes and even whole IDs collide.
            string swarmId = random.Next(20) == 0 && entries.Count > 0 ? entries[random.Next(entries.Count)].SwarmId : RandomHex(random, random.Next(2, 6), "0abf");
            string engineId = random.Next(4) switch
            {
                0 => "",
                1 when random.Next(3) == 0 => swarmId,
                _ => RandomHex(random, random.Next(2, 6), "0abf"),
            };
            string name = random.Next(3) == 0 ? names[random.Next(names.Length)] : $"c{i}";
            entries.Add(new LookupEntry(swarmId, engineId, name, nodeId, nodeName));
        }
        entries.AddRange(entries.Take(10));

        var queries = new List<string> { "", "/", "//", "twin/", "0", "a", "b", "f", "/web", "twin/web", "rack/6/web" };
        foreach (var e in entries.Take(150))
        {
            queries.AddRange([
                e.SwarmId, e.EngineContainerId, e.SwarmId[..1], e.SwarmId[..^1], e.Name, "/" + e.Name, e.NodeName + "/" + e.Name,
                e.NodeId + "/" + e.Name, e.Name + "x", RandomHex(random, random.Next(1, 4), "0abf"),
            ]);
        }

        var shuffled = entries.OrderBy(_ => random.Next()).ToList();
        var index = new ContainerLookupIndex(shuffled);
        var outcomes = new Dictionary<string, int>();
        foreach (string query in queries)
        {
            var linear = ContainerLookup.Resolve(query, entries);
            var indexed = ContainerLookup.Resolve(query, index);
            Assert.Equal(linear, indexed);
            string kind = linear.Error is null ? "found" : linear.Message.Split(' ')[0] + " " + linear.Message.Split(' ')[1] + " " + linear.Message.Split(' ')[2];
            outcomes[kind] = outcomes.GetValueOrDefault(kind) + 1;
        }

        // Every kind of answer occurred, so agreement was not reached by both answering the same thing throughout.
        Assert.True(outcomes.GetValueOrDefault("found") > 0, string.Join(", ", outcomes));
        Assert.True(outcomes.GetValueOrDefault("No such container:") > 0, string.Join(", ", outcomes));
        Assert.True(outcomes.GetValueOrDefault("Multiple IDs found") > 0, string.Join(", ", outcomes));
        Assert.True(outcomes.GetValueOrDefault("Multiple containers named") > 0, string.Join(", ", outcomes));
        Assert.True(outcomes.GetValueOrDefault("Multiple containers found") > 0, string.Join(", ", outcomes));
    }

    private static string RandomHex(Random random, int length, string alphabet = "0123456789abcdef") =>
        string.Create(length, (random, alphabet), (span, state) =>
        {
            for (int i = 0; i < span.Length; i++) span[i] = state.alphabet[state.random.Next(state.alphabet.Length)];
        });
}
