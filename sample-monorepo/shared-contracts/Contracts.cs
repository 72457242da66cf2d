namespace OctoPetShop.Contracts;

/// <summary>A pet product as both services return it.</summary>
public sealed record Product(int Id, string Name, string Category, decimal Price);

/// <summary>One line of a shopping cart.</summary>
public sealed record CartLine(int ProductId, string Name, int Quantity, decimal UnitPrice);

public sealed record Cart(string CartId, IReadOnlyList<CartLine> Lines, decimal Total);

public sealed record AddToCart(int ProductId, int Quantity);

public sealed record Health(string Status, string Service, string Version);

public static class PetShopDatabase
{
    /// <summary>The SQLite file: configuration key PetShop:Database, else env PETSHOP_DB, else ./petshop.db.</summary>
    public static string ConnectionString(string? configured, bool readOnly) =>
        $"Data Source={configured ?? Environment.GetEnvironmentVariable("PETSHOP_DB") ?? "petshop.db"};Mode={(readOnly ? "ReadOnly" : "ReadWrite")}";
}
