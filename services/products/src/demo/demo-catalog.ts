import type { PostgresJsDatabase } from '@shopfront/kit'
import { sql } from 'drizzle-orm'
import { catalogSeeds, categories, products, stockMovements } from '../db/schema.ts'

type Item = [
  sku: string,
  name: string,
  price: number,
  stock: number,
  attributes: Record<string, string>,
  description: string,
]

/** Six categories, sixty-odd products with realistic names, prices (cents) and stock, a few with accents to search for. */
const catalog: Record<string, { name: string; items: Item[] }> = {
  coffee: {
    name: 'Coffee & Tea',
    items: [
      [
        'COF-001',
        'Café Crème Espresso Beans 1 kg',
        2490,
        40,
        { brand: 'Lavazza', roast: 'medium' },
        'Smooth Italian espresso blend with notes of hazelnut and cocoa.',
      ],
      [
        'COF-002',
        'Colombian Supremo Whole Beans 500 g',
        1290,
        55,
        { brand: 'Juan Valdez', roast: 'medium' },
        'Single-origin Colombian beans, bright and balanced.',
      ],
      [
        'COF-003',
        'Ethiopian Yirgacheffe Beans 250 g',
        1190,
        25,
        { brand: 'Counter Culture', roast: 'light' },
        'Floral, citrusy light roast from Ethiopia.',
      ],
      [
        'COF-004',
        'Decaf Swiss Water Ground Coffee 340 g',
        990,
        30,
        { brand: 'Kicking Horse', roast: 'dark' },
        'Chemical-free decaffeinated dark roast.',
      ],
      [
        'COF-005',
        'Matcha Green Tea Powder 100 g',
        1890,
        20,
        { brand: 'Ippodo', origin: 'Japan' },
        'Ceremonial-grade matcha from Uji, Kyoto.',
      ],
      [
        'COF-006',
        'Earl Grey Loose Leaf Tea 200 g',
        890,
        60,
        { brand: 'Twinings', origin: 'Sri Lanka' },
        'Black tea scented with bergamot.',
      ],
      [
        'COF-007',
        'Chai Masala Tea Bags x 40',
        650,
        80,
        { brand: 'Tazo', origin: 'India' },
        'Spiced black tea with cardamom and cinnamon.',
      ],
      [
        'COF-008',
        'Pour-Over Coffee Dripper',
        2200,
        15,
        { brand: 'Hario', material: 'ceramic' },
        'The V60 dripper for a clean, bright cup.',
      ],
      [
        'COF-009',
        'Burr Coffee Grinder',
        12900,
        8,
        { brand: 'Baratza', material: 'steel' },
        'Conical burr grinder with 40 settings.',
      ],
      [
        'COF-010',
        'French Press 1 L',
        3490,
        12,
        { brand: 'Bodum', material: 'glass' },
        'Classic Chambord French press.',
      ],
      [
        'COF-011',
        'Crème Brûlée Flavoured Coffee 340 g',
        1090,
        0,
        { brand: 'Green Mountain', roast: 'light' },
        'Sweet caramel and vanilla notes.',
      ],
    ],
  },
  kitchen: {
    name: 'Kitchen',
    items: [
      [
        'KIT-001',
        'Cast Iron Skillet 26 cm',
        3990,
        25,
        { brand: 'Lodge', material: 'cast iron' },
        'Pre-seasoned skillet for stovetop and oven.',
      ],
      [
        'KIT-002',
        "Chef's Knife 20 cm",
        8900,
        18,
        { brand: 'Victorinox', material: 'steel' },
        'Stamped stainless chef knife with a Fibrox handle.',
      ],
      [
        'KIT-003',
        'Non-Stick Frying Pan 28 cm',
        2990,
        30,
        { brand: 'Tefal', material: 'aluminium' },
        'Titanium non-stick coating, induction ready.',
      ],
      [
        'KIT-004',
        'Dutch Oven 5.5 L',
        24900,
        6,
        { brand: 'Le Creuset', material: 'enamelled cast iron' },
        'Round casserole in volcanic orange.',
      ],
      [
        'KIT-005',
        'Bamboo Cutting Board Set',
        2490,
        40,
        { brand: 'Totally Bamboo', material: 'bamboo' },
        'Three boards in graded sizes.',
      ],
      [
        'KIT-006',
        'Stand Mixer 4.8 L',
        44900,
        4,
        { brand: 'KitchenAid', colour: 'red' },
        'Tilt-head stand mixer with ten speeds.',
      ],
      [
        'KIT-007',
        'Digital Kitchen Scale',
        1990,
        50,
        { brand: 'Escali', colour: 'black' },
        'Weighs to the gram up to 5 kg.',
      ],
      [
        'KIT-008',
        'Silicone Spatula Set x 3',
        1290,
        70,
        { brand: 'OXO', material: 'silicone' },
        'Heat resistant to 315 °C.',
      ],
      [
        'KIT-009',
        'Stainless Steel Mixing Bowls x 5',
        3290,
        22,
        { brand: 'Cuisinart', material: 'steel' },
        'Nesting bowls with lids.',
      ],
      [
        'KIT-010',
        'Crêpe Pan 30 cm',
        3490,
        9,
        { brand: 'de Buyer', material: 'carbon steel' },
        'Carbon steel crêpe pan from France.',
      ],
    ],
  },
  books: {
    name: 'Books',
    items: [
      [
        'BOK-001',
        'The Pragmatic Programmer',
        4299,
        20,
        { author: 'Hunt & Thomas', format: 'hardcover' },
        'Your journey to mastery, 20th anniversary edition.',
      ],
      [
        'BOK-002',
        'Designing Data-Intensive Applications',
        4599,
        14,
        { author: 'Martin Kleppmann', format: 'paperback' },
        'The big ideas behind reliable, scalable systems.',
      ],
      [
        'BOK-003',
        'Salt, Fat, Acid, Heat',
        3500,
        25,
        { author: 'Samin Nosrat', format: 'hardcover' },
        'Mastering the elements of good cooking.',
      ],
      [
        'BOK-004',
        'Le Petit Prince',
        1299,
        40,
        { author: 'Antoine de Saint-Exupéry', format: 'paperback' },
        'The classic tale, in French.',
      ],
      [
        'BOK-005',
        'Dune',
        1899,
        35,
        { author: 'Frank Herbert', format: 'paperback' },
        'The science-fiction epic of Arrakis.',
      ],
      [
        'BOK-006',
        'Clean Architecture',
        3999,
        10,
        { author: 'Robert C. Martin', format: 'paperback' },
        "A craftsman's guide to software structure.",
      ],
      [
        'BOK-007',
        'The Art of Fermentation',
        3995,
        7,
        { author: 'Sandor Katz', format: 'hardcover' },
        'An in-depth exploration of fermentation.',
      ],
      [
        'BOK-008',
        'Cien años de soledad',
        2199,
        12,
        { author: 'Gabriel García Márquez', format: 'paperback' },
        'One hundred years of the Buendía family.',
      ],
      [
        'BOK-009',
        'Thinking, Fast and Slow',
        1999,
        30,
        { author: 'Daniel Kahneman', format: 'paperback' },
        'The two systems that drive the way we think.',
      ],
      [
        'BOK-010',
        'Atomic Habits',
        2399,
        45,
        { author: 'James Clear', format: 'hardcover' },
        'Tiny changes, remarkable results.',
      ],
    ],
  },
  electronics: {
    name: 'Electronics',
    items: [
      [
        'ELE-001',
        'Noise-Cancelling Headphones',
        34900,
        15,
        { brand: 'Sony', colour: 'black' },
        'Industry-leading noise cancellation, 30 h battery.',
      ],
      [
        'ELE-002',
        'Wireless Earbuds',
        17900,
        30,
        { brand: 'Apple', colour: 'white' },
        'Active noise cancellation and spatial audio.',
      ],
      [
        'ELE-003',
        'Mechanical Keyboard',
        12900,
        20,
        { brand: 'Keychron', colour: 'grey' },
        'Hot-swappable, wireless, aluminium frame.',
      ],
      [
        'ELE-004',
        'Ergonomic Mouse',
        9900,
        25,
        { brand: 'Logitech', colour: 'graphite' },
        'Quiet clicks, eight thousand DPI sensor.',
      ],
      [
        'ELE-005',
        '27-inch 4K Monitor',
        39900,
        7,
        { brand: 'Dell', colour: 'black' },
        'IPS panel with USB-C power delivery.',
      ],
      [
        'ELE-006',
        'Portable SSD 1 TB',
        10900,
        40,
        { brand: 'Samsung', colour: 'blue' },
        'Up to 1050 MB/s over USB 3.2.',
      ],
      [
        'ELE-007',
        'USB-C Charger 65 W',
        4900,
        60,
        { brand: 'Anker', colour: 'white' },
        'Gallium nitride charger with two ports.',
      ],
      ['ELE-008', 'E-Reader 6.8-inch', 14999, 18, { brand: 'Kobo', colour: 'black' }, 'Glare-free screen, waterproof.'],
      ['ELE-009', 'Smart Speaker', 9999, 0, { brand: 'Sonos', colour: 'white' }, 'Rich sound with voice control.'],
      [
        'ELE-010',
        'Webcam 1080p',
        6999,
        22,
        { brand: 'Logitech', colour: 'black' },
        'Full HD video calls with autofocus.',
      ],
    ],
  },
  outdoors: {
    name: 'Outdoors',
    items: [
      [
        'OUT-001',
        'Two-Person Backpacking Tent',
        32900,
        6,
        { brand: 'MSR', colour: 'green' },
        'Freestanding, 1.5 kg, for three seasons.',
      ],
      [
        'OUT-002',
        'Down Sleeping Bag −5 °C',
        27900,
        9,
        { brand: 'Rab', colour: 'red' },
        '800-fill goose down mummy bag.',
      ],
      [
        'OUT-003',
        'Trekking Poles (pair)',
        8900,
        20,
        { brand: 'Black Diamond', material: 'aluminium' },
        'Adjustable poles with cork grips.',
      ],
      [
        'OUT-004',
        'Hydration Pack 2 L',
        7900,
        25,
        { brand: 'CamelBak', colour: 'blue' },
        'Lightweight pack for trail running.',
      ],
      [
        'OUT-005',
        'Headlamp 400 lm',
        4499,
        50,
        { brand: 'Petzl', colour: 'orange' },
        'Rechargeable headlamp with red light mode.',
      ],
      [
        'OUT-006',
        'Camping Stove',
        5995,
        14,
        { brand: 'Jetboil', colour: 'carbon' },
        'Boils half a litre in 100 seconds.',
      ],
      [
        'OUT-007',
        'Insulated Water Bottle 1 L',
        3995,
        45,
        { brand: 'Hydro Flask', colour: 'white' },
        'Keeps drinks cold for 24 hours.',
      ],
      [
        'OUT-008',
        'Rain Jacket',
        19900,
        16,
        { brand: 'Patagonia', colour: 'navy' },
        'Waterproof, breathable three-layer shell.',
      ],
      [
        'OUT-009',
        'Hiking Boots',
        22900,
        12,
        { brand: 'Salomon', colour: 'brown' },
        'Gore-Tex lined boots with grippy soles.',
      ],
      [
        'OUT-010',
        'Folding Camp Chair',
        4999,
        30,
        { brand: 'Helinox', colour: 'black' },
        'Packs down to the size of a water bottle.',
      ],
    ],
  },
  home: {
    name: 'Home',
    items: [
      [
        'HOM-001',
        'Linen Duvet Cover Queen',
        18900,
        10,
        { brand: 'Parachute', colour: 'natural' },
        'Stonewashed European flax linen.',
      ],
      [
        'HOM-002',
        'Scented Candle Figuier',
        6800,
        35,
        { brand: 'Diptyque', scent: 'fig' },
        'Hand-poured candle with notes of fig leaves.',
      ],
      [
        'HOM-003',
        'Wool Throw Blanket',
        12900,
        14,
        { brand: 'Pendleton', colour: 'grey' },
        'Pure virgin wool, made in Oregon.',
      ],
      [
        'HOM-004',
        'Ceramic Table Lamp',
        8900,
        8,
        { brand: 'IKEA', colour: 'white' },
        'Warm light for a reading corner.',
      ],
      [
        'HOM-005',
        'Cotton Bath Towels x 2',
        4900,
        40,
        { brand: 'Brooklinen', colour: 'white' },
        'Turkish cotton, 820 gsm.',
      ],
      [
        'HOM-006',
        'Indoor Plant Pot Set',
        3900,
        26,
        { brand: 'Umbra', material: 'terracotta' },
        'Three pots with drainage saucers.',
      ],
      ['HOM-007', 'Wall Clock', 5900, 11, { brand: 'Newgate', colour: 'black' }, 'Silent sweep movement, 30 cm.'],
      [
        'HOM-008',
        'Memory Foam Pillow',
        6900,
        28,
        { brand: 'Tempur', material: 'foam' },
        'Contoured support for side sleepers.',
      ],
      [
        'HOM-009',
        'Espresso Cups x 4',
        2900,
        32,
        { brand: 'Bialetti', material: 'porcelain' },
        'Porcelain demitasse cups with saucers.',
      ],
      [
        'HOM-010',
        'Doormat Bienvenue',
        2400,
        19,
        { brand: 'Entryways', material: 'coir' },
        'Natural coir mat, 45 x 75 cm.',
      ],
    ],
  },
}

/**
 * Loads the demo catalog once (it is remembered in catalog_seeds, so deleting the
 * products does not bring them back). Several instances starting together load it once.
 */
export async function loadDemoCatalog(db: PostgresJsDatabase): Promise<boolean> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(727275)`)
    const [fresh] = await tx
      .insert(catalogSeeds)
      .values({ name: 'demo-catalog' })
      .onConflictDoNothing()
      .returning({ name: catalogSeeds.name })
    if (!fresh) return false
    for (const [slug, { name, items }] of Object.entries(catalog)) {
      const [category] = await tx
        .insert(categories)
        .values({ slug, name })
        .onConflictDoUpdate({ target: categories.slug, set: { name } })
        .returning({ id: categories.id })
      for (const [sku, productName, price, stock, attributes, description] of items) {
        const [product] = await tx
          .insert(products)
          .values({
            sku,
            name: productName,
            description,
            priceAmount: price,
            currency: 'USD',
            attributes,
            categoryId: category?.id,
            onHand: stock,
          })
          .onConflictDoNothing({ target: products.sku })
          .returning({ id: products.id })
        if (product && stock > 0)
          await tx.insert(stockMovements).values({
            productId: product.id,
            delta: stock,
            reason: 'demo catalog',
            actor: 'system',
            onHandAfter: stock,
          })
      }
    }
    return true
  })
}

export const demoProductCount = Object.values(catalog).reduce((n, c) => n + c.items.length, 0)
