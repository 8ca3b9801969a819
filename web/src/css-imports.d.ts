/*
 * Views import their own stylesheets (`import '../styles/x.css'`); Vite bundles them. The type
 * checker only needs to know such an import is fine: it brings no values.
 */
declare module '*.css';
