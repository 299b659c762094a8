using System.Diagnostics;
using Npgsql;

namespace Workteam.AppHost.Tests;

/// <summary>
/// A service's database moved to a tablespace on a small file system of its own (a tmpfs, mounted as root), which
/// <see cref="Fill"/> fills up: PostgreSQL then refuses every write that needs a new page with "could not extend file:
/// No space left on device" (53100), as on a full disk, while its WAL, on the main disk, keeps the server up.
/// Disposing moves the database back and unmounts the file system.
/// </summary>
public sealed class FullTablespace : IAsyncDisposable
{
    private const string Tablespace = "workteam_small_disk";

    private readonly RunningAppHost _host;
    private readonly string _databaseResource;
    private readonly string _mountPoint;

    private FullTablespace(RunningAppHost host, string databaseResource, string mountPoint)
    {
        _host = host;
        _databaseResource = databaseResource;
        _mountPoint = mountPoint;
    }

    private string Filler => Path.Combine(_mountPoint, "filler");

    public static async Task<FullTablespace> MoveAsync(RunningAppHost host, string databaseResource, CancellationToken cancellationToken)
    {
        var mountPoint = Path.Combine(host.DataPath, "small-disk");
        System.IO.Directory.CreateDirectory(mountPoint);
        await RunAsync("mount", ["-t", "tmpfs", "-o", "size=64m,mode=0700", "tmpfs", mountPoint], cancellationToken);
        await RunAsync("chown", ["postgres:postgres", mountPoint], cancellationToken);
        var tablespace = new FullTablespace(host, databaseResource, mountPoint);
        await tablespace.ExecuteAsync($"CREATE TABLESPACE {Tablespace} LOCATION '{mountPoint}'", cancellationToken);
        await tablespace.MoveDatabaseAsync(Tablespace, cancellationToken);
        return tablespace;
    }

    /// <summary>Takes the file system's last free byte.</summary>
    public async Task FillAsync(CancellationToken cancellationToken)
    {
        await using var filler = new FileStream(Filler, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0);
        foreach (var block in new[] { 1 << 20, 4096 })
        {
            var zeros = new byte[block];
            try
            {
                while (true)
                {
                    await filler.WriteAsync(zeros, cancellationToken);
                }
            }
            catch (IOException)
            {
                // No space left for another block of this size.
            }
        }
    }

    public void Free() => File.Delete(Filler);

    public async ValueTask DisposeAsync()
    {
        Free();
        await MoveDatabaseAsync("pg_default", CancellationToken.None);
        await ExecuteAsync($"DROP TABLESPACE {Tablespace}", CancellationToken.None);
        await RunAsync("umount", [_mountPoint], CancellationToken.None);
    }

    private async Task MoveDatabaseAsync(string tablespace, CancellationToken cancellationToken)
    {
        var database = new NpgsqlConnectionStringBuilder(await _host.ConnectionStringAsync(_databaseResource)).Database!;
        // Moving a database needs it to have no connections.
        await using (await DatabaseOutage.BeginAsync(_host, _databaseResource, cancellationToken))
        {
            await ExecuteAsync($"ALTER DATABASE \"{database}\" SET TABLESPACE {tablespace}", cancellationToken);
        }
    }

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(await _host.ConnectionStringAsync("postgres"));
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task RunAsync(string program, string[] arguments, CancellationToken cancellationToken)
    {
        using var process = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardError = true })!;
        var error = await process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}: {error}");
    }
}
