import sharp from "sharp";
const g = await sharp(Buffer.alloc(10*6, 100), {raw:{width:10,height:6,channels:1}}).png().toBuffer();
const r = await sharp(g).resize(4,4,{fit:"cover"}).removeAlpha().toColourspace("srgb").raw().toBuffer({resolveWithObject:true});
console.log(r.info, r.data.length);
const r2 = await sharp(g).resize(4,4,{fit:"cover"}).grayscale().raw().toBuffer({resolveWithObject:true});
console.log(r2.info);
const rgba = await sharp(Buffer.alloc(4*4*4, 200), {raw:{width:4,height:4,channels:4}}).png().toBuffer();
const r3 = await sharp(rgba).resize(4,4,{fit:"cover"}).removeAlpha().toColourspace("srgb").raw().toBuffer({resolveWithObject:true});
console.log(r3.info);
const r4 = await sharp(rgba).resize(4,4,{fit:"cover"}).flatten({background:"#000"}).toColourspace("srgb").raw().toBuffer({resolveWithObject:true});
console.log(r4.info, r4.data.slice(0,4));
try { await sharp(Buffer.from("notanimage")).raw().toBuffer(); } catch(e) { console.log("ERR", e.message) }
