using Microsoft.Data.Sqlite;
using OctoPetShop.Contracts;

// Read-only catalogue over the Pet Shop database. Port: --urls or ASPNETCORE_URLS.
var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
var connectionString = PetShopDatabase.ConnectionString(app.Configuration["PetShop:Database"], readOnly: true);

app.Use((context, next) => { context.Response.Headers.AccessControlAllowOrigin = "*"; return next(context); });

app.MapGet("/health", () => new Health("ok", "product-service", typeof(Program).Assembly.GetName().Version?.ToString() ?? "0.0.0.0"));
app.MapGet("/products", () => Query("SELECT id, name, category, price FROM products ORDER BY id", null));
app.MapGet("/products/{id:int}", (int id) => Query("SELECT id, name, category, price FROM products WHERE id = $id", id) is [var p] ? Results.Ok(p) : Results.NotFound());
app.Run();

List<Product> Query(string sql, int? id)
{
    using var connection = new SqliteConnection(connectionString);
    connection.Open();
    using var command = connection.CreateCommand();
    command.CommandText = sql;
    if (id is not null) command.Parameters.AddWithValue("$id", id);
    using var reader = command.ExecuteReader();
    var products = new List<Product>();
    while (reader.Read()) products.Add(new Product(reader.GetInt32(0), reader.GetString(1), reader.GetString(2), reader.GetDecimal(3)));
    return products;
}
