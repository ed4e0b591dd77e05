/**
 * Admin-1 regions the demo places its sites in, with points that fall inside each region's outline.
 *
 * Names and ISO 3166-2 codes are Natural Earth's (public domain; "Boundaries: Natural Earth"), the same units as the
 * portal's map layer. The points were sampled inside the simplified outlines once and are kept here so that the demo
 * needs no boundary file at run time. The DRC keeps its 11 pre-2015 provinces, as Natural Earth does.
 */
export interface DemoRegion {
  country: 'BF' | 'CD' | 'CO' | 'PE';
  code: string;
  name: string;
  /** [lon, lat] points inside the region, WGS84. */
  points: [number, number][];
}

export const DEMO_REGIONS: readonly DemoRegion[] = [
  { country: 'BF', code: 'BF-COM', name: 'Komoé', points: [[-4.5764, 10.724], [-5.0286, 10.1837], [-4.3455, 10.7393], [-4.7404, 10.1404], [-4.6233, 10.7403], [-4.8893, 9.9058]] },
  { country: 'BF', code: 'BF-GAN', name: 'Ganzourgou', points: [[-0.5879, 12.0809], [-0.7679, 11.9869], [-0.6062, 12.2998], [-0.9835, 12.2358], [-0.5467, 12.2001], [-0.7715, 12.5376]] },
  { country: 'BF', code: 'BF-PON', name: 'Poni', points: [[-3.6958, 10.2796], [-3.2604, 10.0798], [-3.5295, 10.3528], [-3.3505, 10.3988], [-2.9112, 10.5609], [-3.5012, 10.2023]] },
  { country: 'BF', code: 'BF-SOM', name: 'Soum', points: [[-1.9262, 14.4199], [-1.7647, 13.906], [-1.9293, 14.1252], [-1.1429, 13.891], [-1.698, 14.1075], [-1.3701, 14.2561]] },
  { country: 'CD', code: 'CD-MA', name: 'Maniema', points: [[27.2256, -1.0643], [26.4354, -3.3348], [26.8697, -0.4504], [25.6223, -4.3655], [26.7553, -3.8293], [25.8153, -3.5025]] },
  { country: 'CD', code: 'CD-NK', name: 'Nord-Kivu', points: [[29.5381, 0.7915], [28.5227, -0.0544], [29.488, -1.199], [28.2776, -0.0409], [27.6734, -1.7041], [27.5659, -1.3105]] },
  { country: 'CD', code: 'CD-OR', name: 'Orientale', points: [[23.4062, -0.4398], [27.4798, 0.8586], [25.0658, 3.9985], [23.9178, 2.2428], [28.408, 1.09], [25.1168, 2.2725]] },
  { country: 'CD', code: 'CD-SK', name: 'Sud-Kivu', points: [[27.9918, -4.0014], [28.8731, -2.6716], [27.4517, -3.0866], [28.1778, -2.0849], [28.7054, -4.0408], [29.353, -4.6066]] },
  { country: 'CO', code: 'CO-ANT', name: 'Antioquia', points: [[-76.7325, 6.9548], [-76.8896, 7.7353], [-76.6262, 7.8954], [-74.9881, 5.9279], [-76.4152, 8.7069], [-75.8366, 7.1098]] },
  { country: 'CO', code: 'CO-BOL', name: 'Bolívar', points: [[-74.6714, 8.2554], [-74.2808, 7.0684], [-74.4666, 8.8983], [-74.0977, 7.9564], [-75.3639, 10.4094], [-74.345, 8.5755]] },
  { country: 'CO', code: 'CO-CAU', name: 'Cauca', points: [[-77.6646, 2.8233], [-77.3115, 2.8507], [-76.412, 1.3709], [-75.9992, 2.864], [-75.8262, 2.5139], [-77.2705, 2.2591]] },
  { country: 'CO', code: 'CO-CHO', name: 'Chocó', points: [[-77.2608, 5.2284], [-76.3597, 4.7474], [-76.9168, 4.6783], [-76.8891, 4.1218], [-77.2848, 5.0342], [-77.4155, 7.2197]] },
  { country: 'CO', code: 'CO-NAR', name: 'Nariño', points: [[-78.1114, 2.1145], [-78.6907, 1.4839], [-77.3573, 1.6816], [-77.1158, 1.0719], [-77.5081, 1.7317], [-77.7592, 1.4069]] },
  { country: 'PE', code: 'PE-ARE', name: 'Arequipa', points: [[-72.8465, -14.8357], [-71.5783, -16.7569], [-74.0574, -15.7588], [-73.578, -16.0998], [-72.6062, -14.9137], [-72.952, -15.904]] },
  { country: 'PE', code: 'PE-LAL', name: 'La Libertad', points: [[-78.4467, -8.597], [-77.6369, -7.8494], [-78.771, -7.9257], [-77.5032, -7.947], [-77.957, -7.9513], [-78.412, -7.8958]] },
  { country: 'PE', code: 'PE-MDD', name: 'Madre de Dios', points: [[-71.1873, -12.8318], [-69.979, -13.0974], [-70.404, -12.1042], [-72.1693, -11.6241], [-72.2451, -11.874], [-70.8154, -10.5423]] },
  { country: 'PE', code: 'PE-PUN', name: 'Puno', points: [[-68.9872, -13.0657], [-69.7005, -13.4408], [-69.2073, -15.2406], [-69.6346, -13.8713], [-70.9298, -14.466], [-69.0493, -13.9455]] },
];
