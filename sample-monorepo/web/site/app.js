// Calls the services whose URLs the deploy step wrote into config.js (window.PETSHOP_CONFIG).
const config = window.PETSHOP_CONFIG || { productServiceUrl: "http://127.0.0.1:5101", cartServiceUrl: "http://127.0.0.1:5102" };
const cartId = "browser";

async function showCart() {
  const cart = await (await fetch(`${config.cartServiceUrl}/carts/${cartId}`)).json();
  document.getElementById("cart").textContent = cart.lines.length === 0 ? "Empty"
    : cart.lines.map(l => `${l.quantity} × ${l.name}`).join(", ") + ` — total ${cart.total}`;
}

async function addToCart(productId) {
  await fetch(`${config.cartServiceUrl}/carts/${cartId}/items`, {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ productId, quantity: 1 }),
  });
  await showCart();
}

async function showProducts() {
  const products = await (await fetch(`${config.productServiceUrl}/products`)).json();
  const list = document.getElementById("products");
  list.replaceChildren(...products.map(p => {
    const item = document.createElement("li");
    const button = document.createElement("button");
    button.textContent = "Add";
    button.onclick = () => addToCart(p.id);
    item.append(`${p.name} (${p.category}) ${p.price} `, button);
    return item;
  }));
}

showProducts().then(showCart).catch(e => { document.getElementById("products").textContent = `Services unreachable: ${e}`; });
