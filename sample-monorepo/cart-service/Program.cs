using Microsoft.Data.Sqlite;
using OctoPetShop.Contracts;

// Shopping carts stored in the Pet Shop database. Port: --urls or ASPNETCORE_URLS.
var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
var connectionString = PetShopDatabase.ConnectionString(app.Configuration["PetShop:Database"], readOnly: false);
app.Use((context, next) => { context.Response.Headers.AccessControlAllowOrigin = "*"; return next(context); });

app.MapGet("/health", () => new Health("ok", "cart-service", typeof(Program).Assembly.GetName().Version?.ToString() ?? "0.0.0.0"));
app.MapGet("/carts/{cartId}", (string cartId) => Load(cartId));
app.MapPost("/carts/{cartId}/items", (string cartId, AddToCart item) =>
{
    if (item.Quantity <= 0) return Results.BadRequest("quantity must be positive");
    using var connection = Open();
    using var command = connection.CreateCommand();
    command.CommandText = """
        INSERT INTO cart_items (cart_id, product_id, quantity)
        SELECT $cart, id, $quantity FROM products WHERE id = $product
        ON CONFLICT (cart_id, product_id) DO UPDATE SET quantity = quantity + excluded.quantity
        """;
    command.Parameters.AddWithValue("$cart", cartId);
    command.Parameters.AddWithValue("$product", item.ProductId);
    command.Parameters.AddWithValue("$quantity", item.Quantity);
    return command.ExecuteNonQuery() == 0 ? Results.NotFound($"no product {item.ProductId}") : Results.Ok(Load(cartId));
});
app.Run();

SqliteConnection Open()
{
    var connection = new SqliteConnection(connectionString);
    connection.Open();
    return connection;
}

Cart Load(string cartId)
{
    using var connection = Open();
    using var command = connection.CreateCommand();
    command.CommandText = """
        SELECT p.id, p.name, c.quantity, p.price FROM cart_items c JOIN products p ON p.id = c.product_id
        WHERE c.cart_id = $cart ORDER BY p.id
        """;
    command.Parameters.AddWithValue("$cart", cartId);
    using var reader = command.ExecuteReader();
    var lines = new List<CartLine>();
    while (reader.Read()) lines.Add(new CartLine(reader.GetInt32(0), reader.GetString(1), reader.GetInt32(2), reader.GetDecimal(3)));
    return new Cart(cartId, lines, lines.Sum(l => l.Quantity * l.UnitPrice));
}
