using System.Text.Json;
using Workteam.Contracts;

namespace Workteam.Gateway.Refusals;

/// <summary>
/// This gateway process's refusals not yet shipped to Directory, one JSON line each in a file of its own in the
/// journal folder, so that none is lost when the process is killed. The process holds its file open with
/// <see cref="FileShare.None"/>, which on Linux and macOS takes an exclusive <c>flock</c> that the kernel releases
/// when the process dies: a file whose lock can be taken belongs to no live process and may be claimed
/// (<see cref="TryClaim"/>). A line is written with one system call before the refusal is answered; it survives
/// the process, not a crash of the machine (no fsync).
/// </summary>
public sealed class RefusalJournal : IDisposable
{
    public const string Extension = ".jsonl";

    /// <summary>A journal this long whose records are never all shipped at once is rewritten with just the unshipped ones.</summary>
    public const long RotateBytes = 1024 * 1024;

    private static readonly JsonSerializerOptions Json = JsonSerializerOptions.Web;

    private readonly Lock _lock = new();
    private readonly List<ScimRefusal> _pending = [];
    private readonly ILogger<RefusalJournal> _logger;
    private FileStream _file;
    private string _path;

    public RefusalJournal(string folder, ILogger<RefusalJournal> logger)
    {
        _logger = logger;
        Folder = Path.GetFullPath(folder);
        Directory.CreateDirectory(Folder);
        (_file, _path) = CreateOwnFile();
    }

    public string Folder { get; }

    /// <summary>This process's journal file.</summary>
    public string FilePath => Volatile.Read(ref _path);

    /// <summary>Writes the refusal to the journal; it is kept in memory for shipping even when the write fails.</summary>
    public void Append(ScimRefusal refusal)
    {
        var line = Line(refusal);
        lock (_lock)
        {
            _pending.Add(refusal);
            try
            {
                _file.Write(line);
            }
            catch (IOException e)
            {
                _logger.LogError(e, "Could not journal a SCIM refusal to {Path}; it is lost if the gateway stops before shipping it", _path);
            }
        }
    }

    /// <summary>The oldest unshipped refusals, at most <paramref name="max"/>.</summary>
    public IReadOnlyList<ScimRefusal> Pending(int max)
    {
        lock (_lock)
        {
            return _pending.Take(max).ToList();
        }
    }

    /// <summary>
    /// Forgets the oldest <paramref name="count"/> refusals, which Directory has. Once all are shipped the file is
    /// emptied; a long file that is never all shipped is replaced by one with the unshipped records only.
    /// </summary>
    public void Shipped(int count)
    {
        lock (_lock)
        {
            _pending.RemoveRange(0, Math.Min(count, _pending.Count));
            try
            {
                if (_pending.Count == 0)
                {
                    _file.SetLength(0);
                    _file.Position = 0;
                }
                else if (_file.Length > RotateBytes)
                {
                    Rotate();
                }
            }
            catch (IOException e)
            {
                _logger.LogWarning(e, "Could not empty the SCIM refusal journal {Path}; its shipped records will be shipped again after a restart", _path);
            }
        }
    }

    /// <summary>Journal files in the folder other than this process's own.</summary>
    public IReadOnlyList<string> OtherFiles() =>
        Directory.EnumerateFiles(Folder, "*" + Extension).Where(path => path != FilePath).ToList();

    /// <summary>
    /// Takes the journal of a process that has ended: null when a live process still holds it (or it is gone).
    /// Lines that do not parse, such as one torn by a crash mid-write, are skipped.
    /// </summary>
    public ClaimedJournal? TryClaim(string path)
    {
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        var records = new List<ScimRefusal>();
        var skipped = 0;
        using (var reader = new StreamReader(file, leaveOpen: true))
        {
            while (reader.ReadLine() is { } line)
            {
                if (Parse(line) is { } refusal)
                {
                    records.Add(refusal);
                }
                else if (line.Length > 0)
                {
                    skipped++;
                }
            }
        }

        if (skipped > 0)
        {
            _logger.LogWarning("Skipped {Count} unreadable lines of the SCIM refusal journal {Path}", skipped, path);
        }

        return new ClaimedJournal(path, file, records);
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _file.Dispose();
        }
    }

    private static byte[] Line(ScimRefusal refusal)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(refusal, Json);
        var line = new byte[json.Length + 1];
        json.CopyTo(line, 0);
        line[^1] = (byte)'\n';
        return line;
    }

    private static ScimRefusal? Parse(string line)
    {
        try
        {
            return JsonSerializer.Deserialize<ScimRefusal>(line, Json) is { Reason: not null, Method: not null, Path: not null } refusal ? refusal : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// Creates a new file for this process and locks it before it gets its journal name: a file is never seen by
    /// <see cref="OtherFiles"/> before its owner holds it. Unbuffered, so each line is one write to the system.
    /// </summary>
    private (FileStream File, string Path) CreateOwnFile()
    {
        var name = Path.Combine(Folder, $"refusals-{Environment.ProcessId}-{Guid.NewGuid():N}");
        if (OperatingSystem.IsWindows())
        {
            // Windows' share modes are mandatory and held from the moment the file is created.
            return (new FileStream(name + Extension, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, bufferSize: 0), name + Extension);
        }

        // The lock belongs to the open file, which keeps it across the rename.
        var file = new FileStream(name + ".new", FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, bufferSize: 0);
        File.Move(name + ".new", name + Extension);
        return (file, name + Extension);
    }

    private void Rotate()
    {
        var (oldFile, oldPath) = (_file, _path);
        var (next, nextPath) = CreateOwnFile();
        try
        {
            foreach (var refusal in _pending)
            {
                next.Write(Line(refusal));
            }
        }
        catch
        {
            File.Delete(nextPath);
            next.Dispose();
            throw;
        }

        (_file, _path) = (next, nextPath);
        File.Delete(oldPath);
        oldFile.Dispose();
    }
}

/// <summary>The records of an ended process's journal, held locked until <see cref="Complete"/> deletes it or it is disposed.</summary>
public sealed class ClaimedJournal(string path, FileStream file, IReadOnlyList<ScimRefusal> records) : IDisposable
{
    public string Path => path;

    public IReadOnlyList<ScimRefusal> Records => records;

    /// <summary>Deletes the journal: all its records are shipped.</summary>
    public void Complete() => File.Delete(path);

    public void Dispose() => file.Dispose();
}
