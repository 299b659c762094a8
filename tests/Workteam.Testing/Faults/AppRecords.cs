using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Npgsql;

namespace Workteam.Testing.Faults;

/// <summary>
/// What the app's own records say after a fault: Directory's applied messages against ScimApi's outbox, its
/// invitations and provisioning activity, Notifier's digests, and the mails smtp4dev received.
/// </summary>
public sealed class AppRecords(DistributedApplication app, IReadOnlyList<Guid> organizations, IReadOnlyList<string> domains)
{
    private const string InvitationSubjectStart = "Join ";
    private const string InvitationSubjectEnd = " on Workteam";

    /// <summary>The Message-ID of each mail smtp4dev holds, by smtp4dev's id: read once per mail.</summary>
    private readonly Dictionary<string, string> _messageIds = [];

    /// <summary>
    /// Lifecycle events ScimApi's outbox sent that Directory has not applied (lost), and messages of the same types
    /// Directory applied that the outbox never held: a change applied a second time under another message id.
    /// Directory records each applied message id in <c>processed_messages</c>, in the transaction of its effect.
    /// </summary>
    public async Task<(HashSet<Guid> Lost, HashSet<Guid> AppliedTwice)> EventsAsync(CancellationToken cancellationToken)
    {
        // Directory's first, then the outbox: every message applied by then is in the outbox when it is read. The
        // relay marks a message sent after RabbitMQ confirmed it, so Directory may have applied one not marked yet.
        var applied = await ReadAsync("directorydb", "SELECT message_id, message_type FROM processed_messages",
            r => (Id: r.GetGuid(0), Type: ShortType(r.GetString(1))), cancellationToken);
        var outbox = await ReadAsync("scimdb", "SELECT message_id, message_type, sent_at IS NOT NULL FROM outbox_messages",
            r => (Id: r.GetGuid(0), Type: ShortType(r.GetString(1)), Sent: r.GetBoolean(2)), cancellationToken);
        var appliedTypes = applied.Select(m => m.Type).ToHashSet();
        var outboxTypes = outbox.Select(m => m.Type).ToHashSet();
        var outboxIds = outbox.Select(m => m.Id).ToHashSet();
        var appliedIds = applied.Select(m => m.Id).ToHashSet();
        return (
            [.. outbox.Where(m => m.Sent && appliedTypes.Contains(m.Type) && !appliedIds.Contains(m.Id)).Select(m => m.Id)],
            [.. applied.Where(m => outboxTypes.Contains(m.Type) && !outboxIds.Contains(m.Id)).Select(m => m.Id)]);
    }

    /// <summary>
    /// Invitations Directory created, by address, and how many times the SMTP server took each one's email: the mails
    /// in smtp4dev with its Message-ID (an invitation's id is its email's), or once when smtp4dev has none but Notifier
    /// recorded the server's acceptance (smtp4dev answers 250 before it stores a mail, so one killed in between loses
    /// mail it accepted; those are in <see cref="AcceptedButNotInMailbox"/>). The invitations of deleted members are
    /// erased with them, so only members still there count. An invitation withdrawn before its email was queued (the
    /// member was disabled or got another email first, say while the database was down) is owed no mail: it counts
    /// as no invitation, and any mail of its id as one too many.
    /// </summary>
    public async Task<Dictionary<string, (int Invitations, int Mails)>> InvitationsAsync(CancellationToken cancellationToken)
    {
        // The mails first: every invitation mailed by then is in the tables when they are read.
        using var smtp4dev = new HttpClient { BaseAddress = app.GetEndpoint("smtp", "http") };
        var mails = (await Smtp4devMail.AllAsync(smtp4dev, cancellationToken))
            .Where(m => m.Subject.StartsWith(InvitationSubjectStart, StringComparison.Ordinal) && m.Subject.EndsWith(InvitationSubjectEnd, StringComparison.Ordinal))
            .ToList();
        await ReadMessageIdsAsync(smtp4dev, mails, cancellationToken);
        var mailsByMessageId = mails.CountBy(m => _messageIds[m.Id]).ToDictionary();
        var invitations = await ReadAsync("directorydb", """
            SELECT i.id, lower(i.email), i.queued_at IS NULL AND i.revoked_at IS NOT NULL
            FROM invitations i JOIN accounts a ON a.id = i.account_id
            WHERE a.organization_id = ANY(@organizations)
            """, r => (Id: r.GetGuid(0), Email: r.GetString(1), WithdrawnUnqueued: r.GetBoolean(2)), cancellationToken);
        var accepted = (await ReadAsync("notifierdb", "SELECT message_id FROM sent_emails WHERE accepted_at IS NOT NULL AND message_id = ANY(@ids)",
            r => r.GetGuid(0), cancellationToken, ("ids", invitations.Select(i => i.Id).ToArray()))).ToHashSet();
        int InMailbox(Guid id) => mailsByMessageId.GetValueOrDefault($"<{id:N}@workteam>");
        AcceptedButNotInMailbox = [.. invitations.Where(i => accepted.Contains(i.Id) && InMailbox(i.Id) == 0).Select(i => i.Email)];
        return invitations.GroupBy(i => i.Email).ToDictionary(
            g => g.Key,
            g => (g.Count(i => !i.WithdrawnUnqueued), g.Sum(i => InMailbox(i.Id) is > 0 and var n ? n : accepted.Contains(i.Id) ? 1 : 0)));
    }

    /// <summary>Addresses whose invitation the SMTP server accepted (Notifier's record) but smtp4dev's mailbox lacks.</summary>
    public IReadOnlyList<string> AcceptedButNotInMailbox { get; private set; } = [];

    /// <summary>
    /// Failure digests Notifier has sent and still has to send, the mails smtp4dev received at the organizations'
    /// notification addresses, and how many of those repeat an earlier one's Message-ID (each digest's id): sent twice.
    /// </summary>
    public async Task<(int Sent, int Unsent, int Mails, int Twice)> DigestsAsync(CancellationToken cancellationToken)
    {
        // The mails first: a digest mailed by then is counted as sent, or as still being sent, when the table is read.
        var addresses = domains.Select(d => $"provisioning-alerts@{d}".ToLowerInvariant()).ToHashSet();
        using var smtp4dev = new HttpClient { BaseAddress = app.GetEndpoint("smtp", "http") };
        var digests = (await Smtp4devMail.AllAsync(smtp4dev, cancellationToken)).Where(m => m.To.Any(addresses.Contains)).ToList();
        await ReadMessageIdsAsync(smtp4dev, digests, cancellationToken);

        var twice = digests.Count - digests.Select(m => _messageIds[m.Id]).Distinct().Count();
        var counts = await ReadAsync("notifierdb", """
            SELECT (count(*) FILTER (WHERE sent_at IS NOT NULL))::int, (count(*) FILTER (WHERE sent_at IS NULL))::int
            FROM failure_digests WHERE organization_id = ANY(@organizations)
            """, r => (Sent: r.GetInt32(0), Unsent: r.GetInt32(1)), cancellationToken);
        return (counts[0].Sent, counts[0].Unsent, digests.Count, twice);
    }

    private async Task ReadMessageIdsAsync(HttpClient smtp4dev, IEnumerable<ReceivedMail> mails, CancellationToken cancellationToken)
    {
        foreach (var mail in mails.Where(m => !_messageIds.ContainsKey(m.Id)))
        {
            _messageIds[mail.Id] = await Smtp4devMail.MessageIdAsync(smtp4dev, mail, cancellationToken);
        }
    }

    /// <summary>When Directory applied each of these users' deactivation (the session revocation commits with it).</summary>
    public async Task<List<(string ScimId, DateTimeOffset AppliedAt)>> DeactivationsAsync(IReadOnlyCollection<string> scimIds, CancellationToken cancellationToken) =>
        scimIds.Count == 0 ? [] : await ReadAsync("directorydb", """
            SELECT scim_id::text, recorded_at FROM provisioning_activity
            WHERE organization_id = ANY(@organizations) AND operation = 'Disable user' AND outcome = 'Applied' AND scim_id::text = ANY(@users)
            """, r => (r.GetString(0), r.GetFieldValue<DateTimeOffset>(1)), cancellationToken, ("users", scimIds.Select(id => id.ToLowerInvariant()).ToArray()));

    private async Task<List<T>> ReadAsync<T>(
        string database, string sql, Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(await app.GetConnectionStringAsync(database, cancellationToken));
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("organizations", organizations.ToArray());
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        var rows = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    /// <summary>The type's name without its namespace: the outbox and Directory's inbox may spell the namespace differently.</summary>
    private static string ShortType(string type) => type[(type.LastIndexOfAny(['.', ':', '+']) + 1)..];
}
