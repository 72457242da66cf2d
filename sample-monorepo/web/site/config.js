// Replaced at deploy time with the environment's service URLs.
window.PETSHOP_CONFIG = { productServiceUrl: "http://127.0.0.1:5101", cartServiceUrl: "http://127.0.0.1:5102" };
