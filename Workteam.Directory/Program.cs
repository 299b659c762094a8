using Workteam.Directory;

var builder = WebApplication.CreateBuilder(args);
builder.AddDirectoryServices();

var app = builder.Build();
await app.MigrateDirectoryDatabaseAsync();
app.MapDefaultEndpoints();
app.MapDirectoryEndpoints();
app.Run();
